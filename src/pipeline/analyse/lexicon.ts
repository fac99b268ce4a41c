import { AppError } from '../../domain/errors.js';

/** A compiled agency lexicon: terms and one matcher per term. */
export interface Lexicon {
  readonly terms: readonly string[];
  /** Distinct terms found in a text, sorted. */
  match(text: string): string[];
}

/** Lower-case, compatibility-normalise and strip diacritics so "Café" matches "cafe". */
export function normaliseText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/**
 * Parse a lexicon file's text: a JSON array of strings, a JSON object `{ "terms": [...] }`, or plain text with
 * one term per line (blank lines and lines starting with `#` ignored). Throws USAGE naming the file and place.
 */
export function parseLexicon(text: string, file: string): string[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  let raw: unknown[];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (e) {
      throw new AppError('USAGE', `${file}: not valid JSON: ${(e as Error).message}`);
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { terms?: unknown }).terms;
    if (!Array.isArray(list))
      throw new AppError('USAGE', `${file}: expected an array of terms or {"terms": [...]}`);
    raw = list;
  } else {
    raw = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  }
  const terms = raw.map((t, i) => {
    if (typeof t !== 'string' || t.trim() === '')
      throw new AppError('USAGE', `${file}: term ${i + 1}: expected a non-empty string`);
    return normaliseText(t.trim()).replace(/\s+/g, ' ');
  });
  return [...new Set(terms)].sort();
}

/** Compile terms into whole-word, case- and accent-insensitive matchers. */
export function compileLexicon(terms: readonly string[]): Lexicon {
  const res = terms.map((t) => {
    const body = t
      .split(' ')
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+');
    return { term: t, re: new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'u') };
  });
  return {
    terms: [...terms],
    match(text: string): string[] {
      if (res.length === 0 || text === '') return [];
      const n = normaliseText(text);
      return res.filter((r) => r.re.test(n)).map((r) => r.term);
    },
  };
}
