import { closeSync, openSync, readSync } from 'node:fs';
import { AppError } from '../domain/errors.js';

/**
 * Raw message references (ADR 0008). `message.raw` and `message_version.raw` hold either the message's text as the
 * source wrote it, or — for a JSON message read as written — a reference `evidence:<sha256>:<offset>:<length>` to
 * its bytes in the evidence copy of the source's main file. A JSON message starts with `{` and an HTML one with `<`,
 * so the two never mix up.
 */
const PREFIX = 'evidence:';
const REF = /^evidence:([0-9a-f]{64}):(\d+):(\d+)$/;

/** The stored form of a byte range of an evidence file. */
export function rawRefOf(sha256: string, offset: number, length: number): string {
  return `${PREFIX}${sha256}:${offset}:${length}`;
}

/** True when a stored raw value is a reference into an evidence file. */
export function isRawRef(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** Where a stored raw reference points, or null for inline text. */
export function parseRawRef(stored: string): { sha256: string; offset: number; length: number } | null {
  const m = REF.exec(stored);
  return m ? { sha256: m[1]!, offset: Number(m[2]), length: Number(m[3]) } : null;
}

/**
 * The text of a stored raw value: inline text as is, a reference read from the evidence store (UTF-8 decoded; the
 * exact bytes are `readRawBytes`). Throws FILE_NOT_FOUND when the evidence file is absent.
 */
export function readMessageRaw(evidence: { pathOf(sha256: string): string }, stored: string): string {
  const ref = parseRawRef(stored);
  return ref ? readRawBytes(evidence, stored).toString('utf8') : stored;
}

/** The exact bytes of a stored raw value (a reference's byte range, or inline text as UTF-8). */
export function readRawBytes(evidence: { pathOf(sha256: string): string }, stored: string): Buffer {
  const ref = parseRawRef(stored);
  if (!ref) return Buffer.from(stored, 'utf8');
  const file = evidence.pathOf(ref.sha256);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new AppError(
      'FILE_NOT_FOUND',
      `${file}: evidence of a raw message reference: ${(e as Error).message}`,
    );
  }
  try {
    const buf = Buffer.alloc(ref.length);
    let got = 0;
    while (got < ref.length) {
      const n = readSync(fd, buf, got, ref.length - got, ref.offset + got);
      if (n === 0) break;
      got += n;
    }
    if (got !== ref.length)
      throw new AppError(
        'CASE_CORRUPT',
        `${file}: raw message reference ${ref.offset}+${ref.length} lies beyond the end of the evidence file`,
      );
    return buf;
  } finally {
    closeSync(fd);
  }
}
