import { AppError } from '../../domain/errors.js';
import { VPDQ_SIGNAL } from '../../signals/vpdq/signal.js';
import type { HashListEntry } from '../../domain/hashlist-entry.js';

export type { HashListEntry } from '../../domain/hashlist-entry.js';

/** What a parser learnt about the whole file (context IRI, case number, skipped records…). */
export type HashListMeta = Record<string, unknown>;

/** Options a caller may pass to a parser. */
export interface ParseOptions {
  /** Name of the file, used in error messages. */
  readonly fileName: string;
  /** Forces the signal type of ambiguous bare values (64 hex digits: `sha256` or `pdq`). */
  readonly signalType?: string;
  /** Filled by the parser while it streams (read it after the iteration ends). */
  readonly meta?: HashListMeta;
}

/** A hash-list format: a plain object in the registry. */
export interface HashListFormat {
  /** Stored in the database: never renamed. */
  readonly name: string;
  readonly description: string;
  /** True when the first bytes of a file look like this format (used when --format is absent). */
  sniff(head: string, fileName: string): boolean;
  /** Stream the entries of a file; throws AppError('HASHLIST_INVALID') naming the file and place. */
  parse(chunks: AsyncIterable<Buffer>, opts: ParseOptions): AsyncIterable<HashListEntry>;
  /**
   * The same entries in batches (one per chunk read): what `addHashList` consumes, one promise per batch rather
   * than per entry (a 10 M-row list would otherwise create tens of millions of promises).
   */
  parseBatches(chunks: AsyncIterable<Buffer>, opts: ParseOptions): AsyncIterable<readonly HashListEntry[]>;
}

/** A parser that yields its entries in batches. */
export type BatchParser = HashListFormat['parseBatches'];

/** `parse` from `parseBatches`: the entries one by one. */
export function oneByOne(batches: BatchParser): HashListFormat['parse'] {
  return async function* (chunks, opts) {
    for await (const batch of batches(chunks, opts)) yield* batch;
  };
}

/** The first non-blank line of a file's head (BOM removed), also skipping `#` comment lines when asked. */
export function firstContentLine(head: string, skipComments: boolean): string | undefined {
  return head
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .find((l) => l.trim() !== '' && !(skipComments && l.startsWith('#')));
}

/** Throw the standard invalid-list error: `file: place: what`. */
export function invalid(fileName: string, position: string, message: string): never {
  throw new AppError('HASHLIST_INVALID', `${fileName}: ${position}: ${message}`);
}

/** Throw the standard too-deep error: the input nests deeper than a reader accepts. */
export function tooDeep(fileName: string, position: string, message: string): never {
  throw new AppError('INPUT_TOO_DEEP', `${fileName}: ${position}: ${message}`);
}

const HEX = /^[0-9a-f]+$/;

/** Lowercase `s.slice(start, end)` when it is all hex digits, else null (no regex: hot path of big lists). */
export function hexSlice(s: string, start: number, end: number): string | null {
  let upper = false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) continue;
    if (c >= 65 && c <= 70) upper = true;
    else return null;
  }
  const v = s.slice(start, end);
  return upper ? v.toLowerCase() : v;
}

/** Signal type implied by the length of a hex value (64 is ambiguous and needs `forced`). */
export function typeByLength(value: string, forced: string | undefined): string | null {
  if (value.length === 32) return 'md5';
  if (value.length === 40) return 'sha1';
  if (value.length === 64) return forced === 'pdq' || forced === 'sha256' ? forced : 'ambiguous';
  return null;
}

/** Expected hex length of a known signal type (null for unknown types). */
export function hexLength(signalType: string): number | null {
  switch (signalType) {
    case 'md5':
      return 32;
    case 'sha1':
      return 40;
    case 'sha256':
    case 'pdq':
      return 64;
    default:
      return null;
  }
}

/** Normalise a hex value for a signal type or return null when it does not fit. */
export function normaliseHex(signalType: string, raw: string): string | null {
  if (signalType === 'vpdq') return normaliseVpdq(raw);
  const v = raw.trim().toLowerCase();
  const len = hexLength(signalType);
  return len !== null && v.length === len && HEX.test(v) ? v : null;
}

/** Longest line a line-based list may hold (a hash line is < 200 characters); longer is refused at once. */
export const MAX_LINE_CHARS = 1 << 16;

/**
 * Split a byte stream into lines (LF or CRLF) with 1-based numbers, one batch per chunk; strips a UTF-8 BOM.
 * Linear in the input (a line split over many chunks is joined once) and bounded: a line longer than
 * MAX_LINE_CHARS is refused naming its number.
 */
export async function* lineBatches(
  chunks: AsyncIterable<Buffer>,
  fileName = 'list',
): AsyncIterable<[string, number][]> {
  let parts: string[] = [];
  let pending = 0;
  let n = 0;
  let first = true;
  const decoder = new TextDecoder('utf-8');
  const tooLong = (): never =>
    invalid(fileName, `line ${n + 1}`, `line longer than ${MAX_LINE_CHARS} characters: not a hash list`);
  for await (const chunk of chunks) {
    let piece = decoder.decode(chunk, { stream: true });
    if (first && piece.length > 0) {
      if (piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
      first = false;
    }
    const nl = piece.indexOf('\n');
    if (nl === -1) {
      parts.push(piece);
      pending += piece.length;
      if (pending > MAX_LINE_CHARS) tooLong();
      continue;
    }
    parts.push(piece);
    const text = parts.join('');
    parts = [];
    const batch: [string, number][] = [];
    let start = 0;
    for (let i = pending + nl; i !== -1; i = text.indexOf('\n', start)) {
      if (i - start > MAX_LINE_CHARS) tooLong();
      const end = i > start && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
      batch.push([text.slice(start, end), ++n]);
      start = i + 1;
    }
    const rest = text.slice(start);
    pending = rest.length;
    if (pending > MAX_LINE_CHARS) tooLong();
    if (rest.length) parts.push(rest);
    if (batch.length) yield batch;
  }
  const rest = parts.join('') + decoder.decode();
  if (rest.length > MAX_LINE_CHARS) tooLong();
  if (rest.length > 0) yield [[rest.endsWith('\r') ? rest.slice(0, -1) : rest, ++n]];
}

/** A vPDQ value (HMA JSON or the reference's text lines) in the stored text form, or null when it is not one. */
function normaliseVpdq(raw: string): string | null {
  try {
    return VPDQ_SIGNAL.parse(raw);
  } catch {
    return null;
  }
}
