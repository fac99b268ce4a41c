import { AppError } from './errors.js';

/**
 * The search query syntax (docs/search.md), parsed here and rendered for each database, so that no user text
 * reaches FTS5's MATCH or PostgreSQL's `to_tsquery` as syntax: terms are AND-ed; `"…"` is a phrase; a `*` ending a
 * word or a closing quote makes its last word a prefix. Every other character (`-`, `(`, `:`, `^`, `NEAR`, `OR`…) is
 * text: words are runs of letters and digits, accents and case ignored.
 */

/** One term: its words in order (a phrase when more than one), the last a prefix when `prefix`. */
export interface SearchTerm {
  readonly words: readonly string[];
  readonly prefix: boolean;
}

/** A parsed query: every term must match (AND). */
export interface SearchQuery {
  readonly terms: readonly SearchTerm[];
}

/** Longest query text accepted, and most terms and words per phrase. */
export const SEARCH_LIMITS = { chars: 1000, terms: 32, words: 32 } as const;

/**
 * The words of a query: runs of letters and digits (composed, lower-cased). Accents are left to each index's own
 * folding (FTS5's `remove_diacritics 2`, PostgreSQL's `unaccent`), which the query goes through as well.
 */
export function searchWords(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}\p{Co}]+/gu) ?? []
  );
}

function fail(text: string, why: string): never {
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  throw new AppError('USAGE', `search query ${JSON.stringify(shown)}: ${why}`);
}

/** Parse a query (USAGE naming the place when it is empty, too long or has an unclosed quote). */
export function parseSearchQuery(text: string): SearchQuery {
  if (text.length > SEARCH_LIMITS.chars) fail(text, `longer than ${SEARCH_LIMITS.chars} characters`);
  const terms: SearchTerm[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/u.test(c)) {
      i++;
      continue;
    }
    let body: string;
    let prefix = false;
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) fail(text, `column ${i + 1}: quote not closed`);
      body = text.slice(i + 1, end);
      i = end + 1;
      if (text[i] === '*') {
        prefix = true;
        i++;
      }
    } else {
      let j = i;
      while (j < text.length && !/\s/u.test(text[j] ?? '') && text[j] !== '"') j++;
      body = text.slice(i, j);
      prefix = body.endsWith('*');
      i = j;
    }
    const words = searchWords(body);
    if (!words.length) continue;
    if (words.length > SEARCH_LIMITS.words) fail(text, `a phrase of more than ${SEARCH_LIMITS.words} words`);
    terms.push({ words, prefix });
  }
  if (!terms.length) fail(text, 'no words to search for (letters or digits)');
  if (terms.length > SEARCH_LIMITS.terms) fail(text, `more than ${SEARCH_LIMITS.terms} terms`);
  return { terms };
}

/** The query as an FTS5 MATCH expression: each term a quoted string (`"a b"`, `"a b"*`), joined by AND. */
export function toFts5Match(q: SearchQuery): string {
  return q.terms.map((t) => `"${t.words.join(' ').replace(/"/g, '""')}"${t.prefix ? '*' : ''}`).join(' AND ');
}

/** The query as `to_tsquery` text: quoted lexemes, `<->` within a phrase, `:*` on a prefix, `&` between terms. */
export function toTsquery(q: SearchQuery): string {
  const lexeme = (w: string) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  return q.terms
    .map((t) => {
      const parts = t.words.map((w, k) => lexeme(w) + (t.prefix && k === t.words.length - 1 ? ':*' : ''));
      return parts.length > 1 ? `(${parts.join(' <-> ')})` : (parts[0] ?? '');
    })
    .join(' & ');
}

/** The query as normalised text (the words as the index sees them), shown back with the results. */
export function formatSearchQuery(q: SearchQuery): string {
  return q.terms
    .map((t) => {
      const s = t.words.join(' ');
      return t.words.length > 1 ? `"${s}"${t.prefix ? '*' : ''}` : `${s}${t.prefix ? '*' : ''}`;
    })
    .join(' ');
}
