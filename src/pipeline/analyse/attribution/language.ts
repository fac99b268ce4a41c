import { eld } from 'eld/small';
import { detect as tinyDetect } from 'tinyld';
import { cleanText, letterCount } from './text.js';
import {
  langGivenCountry,
  languageTable,
  knownLanguages,
  ENGLISH_BASELINE,
  LANG_FLOOR,
} from './lang-countries.js';
import { candidateCountries } from './countries.js';
import type { AttributionMessage, EvidenceItem } from './types.js';

/** Default language set: the languages of the language → country table (a deployment narrows it). */
export const DEFAULT_LANGUAGES: readonly string[] = knownLanguages();

/** Messages with fewer letters than this (after clean-up) are not classified. */
export const MIN_LETTERS = 6;

/** α of the language signal (diaspora, code-switching). */
export const LANGUAGE_ALPHA = 0.15;

type Detector = ReturnType<typeof eld.newInstance>;
const detectors = new Map<string, Detector>();

function detectorFor(langs: readonly string[]): Detector {
  const key = langs.join(',');
  let d = detectors.get(key);
  if (!d) {
    d = eld.newInstance();
    d.setLanguageSubset([...langs]);
    detectors.set(key, d);
  }
  return d;
}

/** Per-message label with eld (restricted), tinyld as second opinion when eld is unsure; null when too short.
 * `agree` is false when the two detectors disagreed on an unsure message. */
export function detectLanguage(
  text: string,
  langs: readonly string[] = DEFAULT_LANGUAGES,
): { lang: string; by: 'eld' | 'tinyld'; agree: boolean } | null {
  const clean = cleanText(text);
  if (letterCount(clean) < MIN_LETTERS) return null;
  const r = detectorFor(langs).detect(clean);
  if (r.language && r.isReliable()) return { lang: r.language, by: 'eld', agree: true };
  // eld is unsure: ask tinyld; keep eld's label only when both agree or tinyld has none.
  const second = tinyDetect(clean, { only: [...langs] });
  if (second) return { lang: second, by: 'tinyld', agree: second === r.language };
  if (r.language) return { lang: r.language, by: 'eld', agree: false };
  return null;
}

/** Distribution of an actor's message languages. */
export interface LanguageDistribution {
  readonly n: number;
  readonly shares: ReadonlyArray<{ lang: string; share: number }>;
  readonly agreement: number;
}

/** Majority-vote distribution over the actor's classifiable messages (sorted by share, then code). */
export function languageDistribution(
  messages: readonly AttributionMessage[],
  langs: readonly string[] = DEFAULT_LANGUAGES,
): LanguageDistribution {
  const counts = new Map<string, number>();
  let n = 0;
  let agree = 0;
  for (const m of messages) {
    if (!m.text) continue;
    const d = detectLanguage(m.text, langs);
    if (!d) continue;
    n++;
    if (d.agree) agree++;
    counts.set(d.lang, (counts.get(d.lang) ?? 0) + 1);
  }
  const shares = [...counts.entries()]
    .map(([lang, c]) => ({ lang, share: c / Math.max(1, n) }))
    .sort((a, b) => b.share - a.share || (a.lang < b.lang ? -1 : 1));
  return { n, shares, agreement: n === 0 ? 0 : agree / n };
}

/** The main language: the top one, except English when another language holds ≥ 30 % (code-switching). */
export function mainLanguage(dist: LanguageDistribution): string | null {
  const top = dist.shares[0];
  if (!top) return null;
  if (top.lang === 'en') {
    const other = dist.shares.find((s) => s.lang !== 'en' && s.share >= 0.3);
    if (other) return other.lang;
  }
  return top.lang;
}

/**
 * The vote model behind `nativeLanguage`: per classified message, a person writes their own language with
 * probability VOTE_OWN, English (when it is not theirs: a lingua franca) with VOTE_ENGLISH, and any other language
 * (a chat's, a quotation) with VOTE_OTHER. Fitted by likelihood on the generator's truth (small seeds 11–30): the
 * main language alone was wrong for 9 % of the posting actors, nearly always on a split vote.
 */
export const VOTE_OWN = 0.9;
export const VOTE_ENGLISH = 0.4;
export const VOTE_OTHER = 0.2;
/** Languages whose weight in the mixture is below this are left out (the rest renormalised). */
const MIN_NATIVE_WEIGHT = 0.01;

/**
 * P(native language = l | the person's votes) over the detected languages, largest first: a clear majority gives
 * one language, a split vote (sv 3 / es 2 / en 2) a mixture, so that a chat's language written by a guest does not
 * speak as loudly as their own.
 */
export function nativeLanguage(dist: LanguageDistribution): Array<{ lang: string; weight: number }> {
  const votes = dist.shares.map((x) => ({ lang: x.lang, k: x.share * dist.n }));
  const logW = votes.map(({ lang }) =>
    votes.reduce(
      (sum, v) =>
        sum + v.k * Math.log(v.lang === lang ? VOTE_OWN : v.lang === 'en' ? VOTE_ENGLISH : VOTE_OTHER),
      0,
    ),
  );
  const top = Math.max(...logW);
  const w = logW.map((x) => Math.exp(x - top));
  const z = w.reduce((a, b) => a + b, 0);
  const kept = votes
    .map((v, i) => ({ lang: v.lang, weight: w[i]! / z }))
    .filter((x) => x.weight >= MIN_NATIVE_WEIGHT);
  const zk = kept.reduce((a, b) => a + b.weight, 0);
  return kept
    .map((x) => ({ lang: x.lang, weight: x.weight / zk }))
    .sort((a, b) => b.weight - a.weight || (a.lang < b.lang ? -1 : 1));
}

const background = new Map<string, number>();

/** Q(l): the global mix under a uniform country prior (mean of P(l | c) over candidates). */
function globalShare(lang: string): number {
  let q = background.get(lang);
  if (q === undefined) {
    const cs = candidateCountries();
    q = cs.reduce((s, c) => s + langGivenCountry(lang, c), 0) / cs.length;
    background.set(lang, q);
  }
  return q;
}

/** Per-person accuracy of the main language with n messages (spec §1.3: .70 at 1, .91 at 5, .97 at 10). */
export function mainLanguageAccuracy(n: number): number {
  return 1 - 0.3 * Math.exp(-(Math.max(1, n) - 1) / 3.5);
}

/** Evidence from the language distribution, or null when no message could be classified. */
export function languageEvidence(
  messages: readonly AttributionMessage[],
  langs: readonly string[] = DEFAULT_LANGUAGES,
): EvidenceItem | null {
  const dist = languageDistribution(messages, langs);
  const main = mainLanguage(dist);
  if (!main) return null;
  // P(obs | c) = Σ_l P(native l | votes) · P(l | c): one language on a clear vote, a mixture on a split one.
  const native = nativeLanguage(dist);
  const listed = new Set(native.flatMap(({ lang }) => [...(languageTable().get(lang)?.keys() ?? [])]));
  const countries: Record<string, number> = {};
  for (const c of [...listed].sort())
    countries[c] = native.reduce((p, { lang, weight }) => p + weight * langGivenCountry(lang, c), 0);
  const floorOf = (lang: string): number => (lang === 'en' ? ENGLISH_BASELINE : LANG_FLOOR);
  const alpha = 1 - (1 - LANGUAGE_ALPHA) * mainLanguageAccuracy(dist.n);
  const shown = dist.shares
    .slice(0, 3)
    .map((s) => `${s.lang} ${Math.round(s.share * 100)} %`)
    .join(' / ');
  const sample = messages
    .filter((m) => m.text)
    .slice(0, 3)
    .map((m) => ({ chat: m.chat, message: m.message }));
  return {
    signal: 'language',
    value: `language ${shown} (n=${dist.n}, main ${main}${mixture(native)}, detectors agree ${Math.round(dist.agreement * 100)} %)`,
    countries,
    otherwise: native.reduce((p, { lang, weight }) => p + weight * floorOf(lang), 0),
    alpha,
    background: native.reduce((p, { lang, weight }) => p + weight * globalShare(lang), 0),
    weight: 1,
    source: { kind: 'messages', count: dist.n, sample },
  };
}

/** `, native sv .71 / es .24 / en .05` when the vote is split (nothing when one language holds it). */
function mixture(native: ReadonlyArray<{ lang: string; weight: number }>): string {
  if (native.length < 2) return '';
  return `, native ${native.map((x) => `${x.lang} ${x.weight.toFixed(2).replace(/^0/, '')}`).join(' / ')}`;
}
