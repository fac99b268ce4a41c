/**
 * Deterministic IPv4 addresses that the installed country database (@ip-location-db/geo-whois-asn-country-mmdb,
 * read with maxmind) places in a chosen country: residential-looking addresses by seeded sampling, and VPN/hosting
 * addresses from hosting networks of the @ip-location-db/asn table.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Reader, type CountryResponse } from 'maxmind';
import type { Rng } from './prng.js';

const require = createRequire(import.meta.url);
const HOSTING =
  /\b(hosting|vps|vpn|cloud|datacenter|dedicated|leaseweb|m247|datacamp|hetzner|digitalocean|linode|vultr|choopa|ovh|contabo)\b/i;
/** Countries where the synthetic VPN exits are. */
export const VPN_COUNTRIES = ['NL', 'DE', 'SE', 'CH', 'US', 'GB', 'RO', 'FR'];

const ipString = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** Picks addresses per country; all answers are re-checked against the country database. */
export class IpPicker {
  private readonly db: Reader<CountryResponse>;
  private readonly pools = new Map<string, string[]>();
  private vpn: Map<string, Array<[number, number]>> | undefined;

  constructor(private readonly rng: Rng) {
    this.db = new Reader<CountryResponse>(
      readFileSync(
        require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country-ipv4.mmdb'),
      ),
    );
  }

  /** Country of an address per the installed database. */
  countryOf(ip: string): string | undefined {
    // This database stores `{ country_code }` rather than MaxMind's `{ country: { iso_code } }`.
    return (this.db.get(ip) as { country_code?: string } | null)?.country_code;
  }

  /** Fill residential pools so that each country has at least `need[cc]` addresses (seeded sampling). */
  prepare(need: ReadonlyMap<string, number>): void {
    const missing = new Map(need);
    for (const [cc, n] of need) if ((this.pools.get(cc)?.length ?? 0) >= n) missing.delete(cc);
    for (let draws = 0; missing.size > 0 && draws < 6_000_000; draws++) {
      const n = this.rng.int(16_777_216, 3_758_096_383); // 1.0.0.0 – 223.255.255.255
      const last = n & 255;
      if (last === 0 || last === 255) continue;
      const ip = ipString(n);
      const cc = this.countryOf(ip);
      if (!cc || !missing.has(cc)) continue;
      const pool = this.pools.get(cc) ?? [];
      pool.push(ip);
      this.pools.set(cc, pool);
      if (pool.length >= missing.get(cc)!) missing.delete(cc);
    }
  }

  /** A residential-looking address in `cc` (undefined when the database has none found). */
  residential(cc: string): string | undefined {
    const pool = this.pools.get(cc);
    return pool && pool.length ? this.rng.pick(pool) : undefined;
  }

  /** An address of a hosting/VPN network located in `cc`. */
  hosting(cc: string): string | undefined {
    this.vpn ??= this.loadHosting();
    const ranges = this.vpn.get(cc);
    if (!ranges || ranges.length === 0) return undefined;
    for (let tries = 0; tries < 20; tries++) {
      const [s, e] = this.rng.pick(ranges);
      const ip = ipString(s + 1 + Math.floor(this.rng.next() * Math.max(1, e - s - 1)));
      if (this.countryOf(ip) === cc) return ip;
    }
    return undefined;
  }

  private loadHosting(): Map<string, Array<[number, number]>> {
    const out = new Map<string, Array<[number, number]>>();
    const text = readFileSync(require.resolve('@ip-location-db/asn/asn-ipv4-num.csv'), 'utf8');
    for (const line of text.split('\n')) {
      if (!HOSTING.test(line)) continue;
      const [s, e] = line.split(',');
      const start = Number(s);
      const end = Number(e);
      if (!(end - start >= 16)) continue;
      const cc = this.countryOf(ipString(start + 1));
      if (!cc || !VPN_COUNTRIES.includes(cc)) continue;
      const list = out.get(cc) ?? [];
      list.push([start, end]);
      out.set(cc, list);
    }
    return out;
  }
}
