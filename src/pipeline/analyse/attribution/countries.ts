import countries from 'i18n-iso-countries';

let all: readonly string[] | undefined;

/** The candidate set: every ISO 3166-1 alpha-2 code (sorted), plus XK (Kosovo, user-assigned but in use). */
export function candidateCountries(): readonly string[] {
  if (!all) {
    const s = new Set(Object.keys(countries.getAlpha2Codes()));
    s.add('XK');
    all = [...s].sort();
  }
  return all;
}

/** True for a known ISO alpha-2 country code. */
export function isCountry(cc: string): boolean {
  return candidateCountries().includes(cc);
}
