/** The legal-returns CSV: user id, phone, IP and time for a subset of actors, some behind VPN exits abroad. */
import type { Rng } from './prng.js';
import { IpPicker, VPN_COUNTRIES } from './ips.js';
import { activeTime } from './activity.js';
import { isoUtc } from './tz.js';
import type { Actor } from './model.js';
import type { World } from './social.js';
import { END } from './social.js';

/** What truth.json records about an actor's return rows. */
export interface ReturnTruth {
  uid: number;
  rows: number;
  vpn: string | null;
}

/** Build `returns.csv` (header `user_id,phone,ip,seen_at`) for a subset of the actors who posted. */
export function buildReturns(
  rng: Rng,
  world: World,
  posters: ReadonlySet<number>,
): { csv: string; truth: ReturnTruth[] } {
  const chosen: Actor[] = world.actors.filter((a) => {
    if (!posters.has(a.uid)) return false;
    const p = a.role === 'producer' ? 0.9 : a.role === 'distributor' ? 0.6 : 0.12;
    return rng.chance(p);
  });
  const picker = new IpPicker(rng.fork('ips'));
  const need = new Map<string, number>();
  for (const a of chosen) need.set(a.country, Math.min(40, (need.get(a.country) ?? 0) + 4));
  picker.prepare(need);
  const rows: Array<[number, string]> = [];
  const truth: ReturnTruth[] = [];
  for (const a of chosen) {
    const vpnUser = rng.chance(0.3);
    const vpnCountry = vpnUser ? rng.pick(VPN_COUNTRIES.filter((c) => c !== a.country)) : null;
    const n = rng.int(2, 6);
    let written = 0;
    for (let k = 0; k < n; k++) {
      const throughVpn = vpnCountry !== null && (k > 0 || rng.chance(0.5));
      const ip = throughVpn ? picker.hosting(vpnCountry) : picker.residential(a.country);
      if (!ip) continue;
      const t = activeTime(rng, a, END - 200 * 86_400, END);
      rows.push([t, `${a.uid},${a.phone.replace(/ /g, '')},${ip},${isoUtc(t)}`]);
      written++;
    }
    if (written) truth.push({ uid: a.uid, rows: written, vpn: vpnCountry });
  }
  rows.sort((x, y) => x[0] - y[0] || x[1].localeCompare(y[1]));
  return { csv: ['user_id,phone,ip,seen_at', ...rows.map((r) => r[1])].join('\n') + '\n', truth };
}
