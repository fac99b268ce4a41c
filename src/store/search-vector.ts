/**
 * PostgreSQL's search vector of a document computed in the client (migration 12, ADR 0015 §9): the same `tsvector`
 * as `search_tsv(body)` (migration 9's expression: every character outside the kept ranges becomes a space, ICU
 * lower-case, the default parser, `unaccent`, `simple`), but only for documents whose every character the client
 * folds exactly like the server; any other document gets `null` and the server computes its vector. The kept
 * characters, their folding and the parser's one split inside a run of letters and digits (a number in scientific
 * notation followed by a letter: `12e5x` is `12e5` then `x`) are checked against the server character by character
 * in `test/search-vector.test.ts`.
 */

/** Runs of what migration 9's `regexp_replace` turns into one space (the same ranges, by code point). */
const DROPPED =
  /[^0-9A-Za-z\u00AA\u00B5\u00BA\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u1FFF\u2C00-\u2DFF\u3040-\uFDFF\uFE10-\uFFEF\u{10000}-\u{1EFFF}\u{20000}-\u{10FFFF}]+/gu;

/** Letters the client folds like `unaccent` although Unicode gives them no decomposition. */
const LETTERS: Readonly<Record<string, string>> = {
  æ: 'ae',
  ð: 'd',
  ø: 'o',
  þ: 'th',
  ß: 'ss',
  đ: 'd',
  ħ: 'h',
  ı: 'i',
  ĳ: 'ij',
  ŀ: 'l',
  ł: 'l',
  ŋ: 'n',
  œ: 'oe',
  ŧ: 't',
  ſ: 's',
};

/** Code point ranges (inclusive) of lower-case letters the client folds, and how ('same': unchanged). */
const RANGES: readonly (readonly [number, number, 'latin' | 'greek' | 'cyrillic' | 'same'])[] = [
  [0x00df, 0x024f, 'latin'],
  [0x1e00, 0x1eff, 'latin'],
  [0x0390, 0x0390, 'greek'],
  [0x03ac, 0x03ce, 'greek'],
  [0x0400, 0x04ff, 'cyrillic'],
  [0x0590, 0x05ff, 'same'], // Hebrew
  [0x0600, 0x06ff, 'same'], // Arabic
  [0x0e00, 0x0e7f, 'same'], // Thai
  [0x3041, 0x3096, 'same'], // Hiragana
  [0x30a1, 0x30fa, 'same'], // Katakana
  [0x30fc, 0x30fc, 'same'], // Katakana's long vowel mark
  [0x4e00, 0x9fff, 'same'], // CJK ideographs
  [0xac00, 0xd7a3, 'same'], // Hangul syllables
];

/** The folding of one lower-case letter of RANGES, or undefined when the client does not fold it. */
function foldOf(c: string, how: 'latin' | 'greek' | 'cyrillic' | 'same'): string | undefined {
  if (how === 'same') return c;
  if (how === 'cyrillic') return c === 'ё' ? 'е' : c;
  const d = c.normalize('NFD');
  if (how === 'greek') return /^[\u03b1-\u03c9]\p{Mn}*$/u.test(d) ? d[0] : undefined;
  if (/^[a-z]\p{Mn}+$/u.test(d)) return d[0];
  return LETTERS[c];
}

let table: Map<string, string> | null = null;

/** The folded letters that change or need a look (Latin, Greek, Cyrillic), to what. */
function changing(): ReadonlyMap<string, string> {
  if (table) return table;
  const t = new Map<string, string>();
  for (const [from, to, how] of RANGES)
    for (let cp = from; how !== 'same' && cp <= to; cp++) {
      const c = String.fromCodePoint(cp);
      const f = c.toLowerCase() === c ? foldOf(c, how) : undefined;
      if (f !== undefined) t.set(c, f);
    }
  return (table = t);
}

/** A letter of a 'same' range (unchanged by the fold). */
function same(cp: number): boolean {
  for (const [from, to, how] of RANGES) if (how === 'same' && cp >= from && cp <= to) return true;
  return false;
}

/** Every character the client folds (ASCII letters and digits, every 'same' letter too), to what. */
export function foldTable(): ReadonlyMap<string, string> {
  const t = new Map<string, string>();
  for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789') t.set(c, c);
  for (const [c, f] of changing()) t.set(c, f);
  for (const [from, to, how] of RANGES)
    for (let cp = from; how === 'same' && cp <= to; cp++)
      t.set(String.fromCodePoint(cp), String.fromCodePoint(cp));
  return t;
}

/** PostgreSQL's limits: a lexeme's bytes, a position, positions per lexeme (beyond them the server decides). */
const MAX_LEXEME_BYTES = 2046;
const MAX_POSITION = 16383;
const MAX_POSITIONS = 256;

/** The parser's split: a number in scientific notation ends before a following letter. */
const SFLOAT_THEN_WORD = /^(\d+e\d+)(\D.*)$/;
const PLAIN = /^[0-9a-z]+$/;

/** One token folded, or null when a character is not one the client folds. */
function foldToken(part: string): string | null {
  if (PLAIN.test(part)) return part;
  const fold = changing();
  let lexeme = '';
  for (const c of part) {
    const f = fold.get(c);
    if (f !== undefined) lexeme += f;
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || same(c.codePointAt(0) ?? 0)) lexeme += c;
    else return null;
  }
  return lexeme;
}

/**
 * The `tsvector` literal (`'lexeme':1 'other':2 'lexeme':3`: the server merges repeated lexemes) of a document's
 * text, or null when a character or a limit makes the client unsure (the server computes that vector).
 */
export function searchVector(body: string): string | null {
  const tokens = body.replace(DROPPED, ' ').toLowerCase().split(' ');
  let out = '';
  let pos = 0;
  const seen = tokens.length > MAX_POSITIONS ? new Map<string, number>() : null;
  for (const token of tokens) {
    if (!token) continue;
    const m = SFLOAT_THEN_WORD.exec(token);
    for (const part of m ? [m[1] ?? '', m[2] ?? ''] : [token]) {
      const lexeme = foldToken(part);
      if (lexeme === null || ++pos > MAX_POSITION || lexeme.length * 3 > MAX_LEXEME_BYTES) return null;
      if (seen) {
        const n = (seen.get(lexeme) ?? 0) + 1;
        if (n > MAX_POSITIONS) return null;
        seen.set(lexeme, n);
      }
      out += `${pos > 1 ? ' ' : ''}'${lexeme}':${pos}`;
    }
  }
  return out;
}
