/** The social model: actors in countries with roles, chats of every type, memberships and undercover accounts. */
import { Rng } from './prng.js';
import { buildChats, uniqueId } from './chats.js';
import { DAY, END, START } from './calendar.js';
import { COUNTRIES, countryByCode, type Country } from './world.js';
import { mobileNumber, nameHistory } from './people.js';
import { SCALES, type Actor, type Chat, type Role, type Scale, type ScaleConfig } from './model.js';

export { START, END, OLD_START, OLD_END } from './calendar.js';

/** Undercover accounts: label and the exporting computer's time zone. */
const ACCOUNTS: ReadonlyArray<readonly [string, string]> = [
  ['UC-A', 'Europe/Paris'],
  ['UC-B', 'Europe/Paris'],
  ['UC-C', 'Europe/Brussels'],
  ['UC-D', 'Europe/Paris'],
  ['UC-E', 'America/Toronto'],
];

/** The generated social world. */
export interface World {
  seed: string;
  scale: Scale;
  config: ScaleConfig;
  actors: Actor[];
  byUid: Map<number, Actor>;
  accounts: Actor[];
  chats: Chat[];
  countries: Country[];
}

function makeActor(
  rng: Rng,
  uid: number,
  role: Role,
  country: Country,
  origin: Country,
  phones: Set<string>,
): Actor {
  const city = rng.pick(country.cities);
  return {
    uid,
    role,
    country: country.code,
    language: origin.language,
    city,
    tz: city.tz,
    chrono: Math.round(rng.normal(0, 1) * 2) / 2,
    names: nameHistory(
      rng,
      origin.language,
      rng.chance(0.8) ? origin.code : country.code,
      START - 400 * DAY,
      END,
    ),
    phone: mobileNumber(rng, country.code, phones),
    expat: origin !== country,
    chats: [],
  };
}

/** Build actors, chats and memberships for a seed and a scale. */
export function buildWorld(seed: string, scale: Scale): World {
  const config = SCALES[scale];
  const root = new Rng(`vigie-demo/${seed}`);
  const rng = root.fork('social');
  const countries = rng
    .shuffle([...COUNTRIES].map((c) => ({ c, k: rng.next() ** (1 / c.weight) })))
    .sort((a, b) => b.k - a.k || a.c.code.localeCompare(b.c.code))
    .slice(0, config.countries)
    .map((x) => x.c);
  const used = new Set<number>();
  const phones = new Set<string>();
  const n = config.actors;
  const nProd = Math.max(3, Math.round(n * 0.008));
  const nDist = Math.max(6, Math.round(n * 0.04));
  const nCons = Math.round(n * 0.35);
  const actors: Actor[] = [];
  for (let i = 0; i < n; i++) {
    const role: Role =
      i < nProd
        ? 'producer'
        : i < nProd + nDist
          ? 'distributor'
          : i < nProd + nDist + nCons
            ? 'consumer'
            : 'lurker';
    const country =
      i < countries.length
        ? countries[(i * 7) % countries.length]!
        : rng.weighted(
            countries,
            countries.map((c) => c.weight),
          );
    const origin = rng.chance(0.08) ? rng.pick(countries) : country;
    // older accounts have ids below 2^31; newer ones (since 2021) go beyond 2^32
    const id = rng.chance(0.7)
      ? uniqueId(rng, used, 100_000_000, 2_147_483_647)
      : uniqueId(rng, used, 5_000_000_000, 7_999_999_999);
    actors.push(makeActor(rng, id, role, country, origin, phones));
  }
  const fr = countryByCode('FR');
  const accounts = ACCOUNTS.slice(0, config.accounts).map(([label, tz]) => {
    const a = makeActor(rng, uniqueId(rng, used, 100_000_000, 2_147_483_647), 'undercover', fr, fr, phones);
    return { ...a, label, tz, city: { ...a.city, tz } };
  });
  const chats = buildChats(rng, config, actors, accounts, used, countries);
  const byUid = new Map<number, Actor>();
  for (const a of [...actors, ...accounts]) byUid.set(a.uid, a);
  return { seed, scale, config, actors, byUid, accounts, chats, countries };
}
