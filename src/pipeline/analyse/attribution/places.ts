import countries from 'i18n-iso-countries';
import { cityEntries } from './cities.js';
import { fold } from './text.js';
import { pointEvidence, temper } from './evidence-util.js';
import type { AttributionMessage, EvidenceItem } from './types.js';

/** α of one place mention ("news about X" is not "I'm in X"). */
export const PLACE_ALPHA = 0.4;
/** At most this many mentions per actor are counted (repeats are dependent anyway). */
export const MAX_MENTIONS = 20;

/** Country names that are ordinary words, first names or US states in some language: never matched. */
export const COUNTRY_NAME_STOPLIST: ReadonlySet<string> = new Set([
  'chad',
  'jordan',
  'georgia',
  'turkey',
  'china',
  'guinea',
  'niger',
  'mali',
  'oman',
  'india',
  'israel',
  'jersey',
  'man',
  'isle of man',
  'grenada',
  'dominica',
  'granada',
  'chili',
  'togo',
  'peru',
  'cuba',
  'malta',
  'samoa',
  'panama',
  'kiribati',
  'nauru',
  'tuvalu',
  'congo',
  'sudan',
  'benin',
  'gabon',
  'iran',
  'laos',
  'fiji',
  'wales',
  'jamaica',
  'brazil',
  'holland',
  'monaco',
  'colombia',
  'virginia',
  'macao',
  'aruba',
  'curacao',
  'saint martin',
  'reunion',
  'polska',
  'mexico',
  'méxico',
]);

/** Locales whose country names are indexed (i18n-iso-countries; restricted to the configured languages). */
export const DEFAULT_PLACE_LOCALES = [
  'en',
  'fr',
  'de',
  'es',
  'pt',
  'it',
  'nl',
  'pl',
  'ru',
  'uk',
  'ar',
  'tr',
  'ro',
  'cs',
  'sv',
  'el',
  'bg',
  'hu',
  'sr',
  'hr',
];

const INFLECTING = new Set([
  'ru',
  'uk',
  'pl',
  'cs',
  'sk',
  'bg',
  'sr',
  'hr',
  'sl',
  'be',
  'lt',
  'lv',
  'fi',
  'hu',
  'tr',
  'el',
]);
const SLAVIC_CITY_COUNTRIES = new Set(['PL', 'CZ', 'SK', 'RU', 'UA', 'BY', 'HR', 'RS', 'BG']);
const FINAL_VOWEL = /[aeiouyаеиоуыяюєіїьэ]$/u;
const TOKEN = /[\p{L}\p{M}]+(?:[-'’][\p{L}\p{M}]+)*/gu;
/** Scripts written without spaces between words: their names are found as substrings, not tokens. */
const UNSPACED = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]+$/u;
/** Scripts whose one- or two-character names are whole words (北京, 서울). */
const DENSE = /^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]+$/u;

interface Entry {
  readonly name: string;
  readonly country: string;
  readonly kind: 'country' | 'city';
}

/** A compiled place matcher. */
export interface PlaceMatcher {
  readonly exact: Map<string, Entry>;
  readonly stems: Map<string, Entry>;
  readonly maxWords: number;
  /** Names in scripts without spaces (東京, เชียงใหม่), longest first: matched as substrings. */
  readonly unspaced: ReadonlyArray<readonly [string, Entry]>;
}

const cache = new Map<string, PlaceMatcher>();

/** Build (once per locale set) the matcher: exact folded n-grams plus inflection stems for inflecting languages. */
export function placeMatcher(locales: readonly string[] = DEFAULT_PLACE_LOCALES): PlaceMatcher {
  const key = locales.join(',');
  const hit = cache.get(key);
  if (hit) return hit;
  const exact = new Map<string, Entry>();
  const stems = new Map<string, Entry>();
  const unspaced: Array<[string, Entry]> = [];
  let maxWords = 1;
  const add = (raw: string, country: string, kind: Entry['kind'], inflect: boolean): void => {
    const name = fold(raw).replace(/[’]/g, "'");
    const min = /^[\p{Script=Latin}\s'-]+$/u.test(name) ? 4 : DENSE.test(name) ? 2 : 3;
    if (name.length < min || COUNTRY_NAME_STOPLIST.has(name)) return;
    const e: Entry = { name: raw, country, kind };
    if (UNSPACED.test(name)) {
      if (!unspaced.some(([n]) => n === name)) unspaced.push([name, e]);
      return;
    }
    if (!exact.has(name)) exact.set(name, e);
    maxWords = Math.max(maxWords, name.split(' ').length);
    if (inflect && !name.includes(' ')) {
      const stem = name.replace(FINAL_VOWEL, '');
      if (stem.length >= 5 && !stems.has(stem)) stems.set(stem, e);
    }
  };
  const supported = new Set(countries.langs());
  for (const loc of [...locales].sort()) {
    if (!supported.has(loc)) continue;
    const names = countries.getNames(loc, { select: 'all' });
    for (const cc of Object.keys(names).sort())
      for (const n of names[cc] ?? []) add(n, cc, 'country', INFLECTING.has(loc));
  }
  for (const c of cityEntries()) add(c.name, c.country, 'city', SLAVIC_CITY_COUNTRIES.has(c.country));
  unspaced.sort((a, b) => b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1));
  const m = { exact, stems, maxWords, unspaced };
  cache.set(key, m);
  return m;
}

/** One place mention found in a text. */
export interface PlaceMention {
  readonly span: string;
  readonly country: string;
  readonly entry: string;
  readonly kind: 'country' | 'city';
}

/**
 * Find place mentions with word boundaries (Turkish apostrophes split, Arabic clitics و ب ل ف stripped); names in
 * scripts without spaces (Chinese, Japanese, Thai) as substrings, the longest first, each span counted once.
 */
export function findPlaces(text: string, matcher: PlaceMatcher = placeMatcher()): PlaceMention[] {
  const out: PlaceMention[] = [];
  let rest = fold(text).replace(/[’]/g, "'");
  for (const [name, e] of matcher.unspaced) {
    const at = rest.indexOf(name);
    if (at < 0) continue;
    out.push({ span: name, country: e.country, entry: e.name, kind: e.kind });
    rest = rest.slice(0, at) + ' '.repeat(name.length) + rest.slice(at + name.length);
  }
  const tokens = (rest.match(TOKEN) ?? []).flatMap((t) => t.split("'").slice(0, 1));
  for (let i = 0; i < tokens.length; i++) {
    let found: PlaceMention | null = null;
    for (let n = Math.min(matcher.maxWords, tokens.length - i); n >= 1 && !found; n--) {
      const gram = tokens.slice(i, i + n).join(' ');
      const e = matcher.exact.get(gram) ?? (n === 1 ? lookupInflected(gram, matcher) : undefined);
      if (e) {
        found = { span: gram, country: e.country, entry: e.name, kind: e.kind };
        i += n - 1;
      }
    }
    if (found) out.push(found);
  }
  return out;
}

function lookupInflected(token: string, m: PlaceMatcher): Entry | undefined {
  if (/^[وبلف]\p{L}{3,}/u.test(token)) {
    const e = m.exact.get(token.slice(1));
    if (e) return e;
  }
  for (let cut = 1; cut <= 3; cut++) {
    const stem = token.slice(0, token.length - cut);
    if (stem.length < 5) break;
    const e = m.stems.get(stem);
    if (e) return e;
  }
  return undefined;
}

/** Evidence from place mentions in the actor's messages: one per mention, tempered 1/√k. */
export function placeEvidence(
  messages: readonly AttributionMessage[],
  matcher: PlaceMatcher = placeMatcher(),
): EvidenceItem[] {
  const found: Array<{ m: AttributionMessage; p: PlaceMention }> = [];
  for (const m of messages) {
    if (!m.text || found.length >= MAX_MENTIONS) continue;
    for (const p of findPlaces(m.text, matcher)) if (found.length < MAX_MENTIONS) found.push({ m, p });
  }
  const w = temper(found.length);
  return found.map(({ m, p }) =>
    pointEvidence(
      'place',
      p.country,
      `mention "${p.span}" → ${p.country} (${p.kind} ${p.entry})`,
      PLACE_ALPHA,
      w,
      {
        kind: 'message',
        chat: m.chat,
        message: m.message,
      },
    ),
  );
}
