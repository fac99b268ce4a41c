/** Phone numbers (valid for libphonenumber-js) and display names with changes over time. */
import { getExampleNumber, parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import type { Rng } from './prng.js';
import { FIRST_NAMES, NICKS } from './phrases.js';
import { flagEmoji } from './world.js';
import type { NameSpan } from './model.js';

/** A valid mobile number of `country`, formatted as Telegram shows it (`+33 6 12 34 56 78`). */
export function mobileNumber(rng: Rng, country: string, used: Set<string>): string {
  const ex = getExampleNumber(country as CountryCode, examples);
  if (!ex) throw new Error(`no example number for ${country}`);
  const nat = ex.nationalNumber as string;
  for (let attempt = 0; attempt < 200; attempt++) {
    const keep = Math.max(2, nat.length - 6);
    let digits = nat.slice(0, keep);
    while (digits.length < nat.length) digits += String(rng.int(0, 9));
    const p = parsePhoneNumberWithError(`+${ex.countryCallingCode}${digits}`);
    const type = p.getType();
    if (p.isValid() && (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE') && p.country === country) {
      const s = p.formatInternational();
      if (!used.has(s)) {
        used.add(s);
        return s;
      }
    }
  }
  return ex.formatInternational();
}

const INITIALS = 'ABCDEFGHJKLMNOPRSTVW';

/** One display name for an actor speaking `language` from `country`. */
export function displayName(rng: Rng, language: string, country: string): string {
  const pool = FIRST_NAMES[language] ?? FIRST_NAMES['en']!;
  const style = rng.next();
  let name: string;
  if (style < 0.5) name = rng.pick(pool);
  else if (style < 0.75) name = `${rng.pick(pool)} ${rng.pick([...INITIALS])}.`;
  else name = `${rng.pick(NICKS)}${rng.chance(0.5) ? rng.int(1, 99) : ''}`;
  if (rng.chance(0.18)) name = `${name} ${flagEmoji(country)}`;
  return name;
}

/** A name history: one name from `start`, then 0–2 changes before `end`. */
export function nameHistory(
  rng: Rng,
  language: string,
  country: string,
  start: number,
  end: number,
): NameSpan[] {
  const spans: NameSpan[] = [{ from: start, name: displayName(rng, language, country) }];
  const changes = rng.chance(0.2) ? rng.int(1, 2) : 0;
  let t = start;
  for (let i = 0; i < changes; i++) {
    t = Math.floor(rng.range(t, end));
    const name = displayName(rng, language, country);
    if (name !== spans[spans.length - 1]!.name) spans.push({ from: t, name });
  }
  return spans;
}

/** The name valid at time `t`. */
export function nameAt(spans: readonly NameSpan[], t: number): string {
  let name = spans[0]!.name;
  for (const s of spans) if (s.from <= t) name = s.name;
  return name;
}
