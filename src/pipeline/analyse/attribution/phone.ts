import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { pointEvidence, temper } from './evidence-util.js';
import type { EvidenceItem, PhoneObservation } from './types.js';

/** α of a phone number (foreign SIM, virtual number); VOIP numbers are sold worldwide. */
export const PHONE_ALPHA = { own: 0.15, matched: 0.3, voip: 0.6 } as const;

/** A parsed phone number: E.164, country (null when the range has none), type and a flag. */
export interface ParsedPhone {
  readonly e164: string;
  readonly country: string | null;
  readonly type: string | null;
  readonly flag: 'anonymous' | 'voip' | 'satellite' | 'invalid' | null;
}

/** Normalise: `00…` → `+…`; 10–15 bare digits → `+digits`; never a guessed default country. */
export function normalisePhone(raw: string): string {
  const s = raw.trim().replace(/[\s().-]/g, '');
  if (s.startsWith('+')) return s;
  if (s.startsWith('00')) return '+' + s.slice(2);
  if (/^\d{10,15}$/.test(s) && !s.startsWith('0')) return '+' + s;
  return s;
}

/** Parse a number; `statedCountry` only when the source states it (a return column, an import option). */
export function parsePhone(raw: string, statedCountry?: string | null): ParsedPhone | null {
  const trimmed = raw.trim();
  let p: ReturnType<typeof parsePhoneNumberFromString>;
  if (statedCountry && !/^(\+|00)/.test(trimmed)) {
    // The source states the country: read the number as national first (2125550123 with US is New York, not +212).
    const national = parsePhoneNumberFromString(trimmed, statedCountry.toUpperCase() as CountryCode);
    p = national?.isValid() ? national : undefined;
  }
  if (!p) {
    const n = normalisePhone(trimmed);
    if (!n.startsWith('+')) return null;
    p = parsePhoneNumberFromString(n);
  }
  if (!p) return null;
  const code = p.countryCallingCode;
  if (code === '888') return { e164: p.number, country: null, type: null, flag: 'anonymous' };
  if (code === '881') return { e164: p.number, country: null, type: null, flag: 'satellite' };
  if (code === '882' || code === '883') return { e164: p.number, country: null, type: 'VOIP', flag: 'voip' };
  const valid = p.isValid();
  const type = valid ? (p.getType() ?? null) : null;
  return {
    e164: p.number,
    country: valid ? (p.country ?? null) : null,
    type,
    flag: !valid ? 'invalid' : type === 'VOIP' ? 'voip' : null,
  };
}

/** Masked form for display: keeps the country code and the last two digits. */
export function maskPhone(e164: string): string {
  return e164.length <= 6 ? e164 : `${e164.slice(0, 4)}…${e164.slice(-2)}`;
}

/** Evidence from the actor's phone numbers: one per distinct number, tempered 1/√k. */
export function phoneEvidence(phones: readonly PhoneObservation[]): EvidenceItem[] {
  const seen = new Map<string, { p: ParsedPhone; obs: PhoneObservation }>();
  for (const obs of phones) {
    const p = parsePhone(obs.number, obs.statedCountry);
    if (!p) continue;
    const prev = seen.get(p.e164);
    if (!prev || (prev.obs.how === 'matched-contact' && obs.how !== 'matched-contact'))
      seen.set(p.e164, { p, obs });
  }
  const entries = [...seen.values()].sort((a, b) => (a.p.e164 < b.p.e164 ? -1 : 1));
  const informative = entries.filter((e) => e.p.country).length;
  return entries.map(({ p, obs }) => {
    const label = `phone ${maskPhone(p.e164)} (${p.country ?? 'no country'}${p.type ? ', ' + p.type : ''}${p.flag ? ', ' + p.flag : ''}; ${obs.how})`;
    if (!p.country) {
      // Recorded (e.g. +888 is evidence of deliberate anonymisation) but says nothing about the country.
      return {
        signal: 'phone',
        value: label,
        countries: {},
        otherwise: 1,
        alpha: 1,
        background: 1,
        weight: 0,
        source: obs.source,
        flags: p.flag ? [p.flag] : [],
      } satisfies EvidenceItem;
    }
    const alpha =
      p.flag === 'voip'
        ? PHONE_ALPHA.voip
        : obs.how === 'matched-contact'
          ? PHONE_ALPHA.matched
          : PHONE_ALPHA.own;
    return pointEvidence('phone', p.country, label, alpha, temper(informative), obs.source, {
      flags: p.flag ? [p.flag] : [],
    });
  });
}
