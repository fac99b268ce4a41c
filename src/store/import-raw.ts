import { closeSync, openSync, readSync } from 'node:fs';
import { AppError } from '../domain/errors.js';

/**
 * Raw message references (ADR 0008, ADR 0009). `message.raw` and `message_version.raw` hold either the message's
 * text as the source wrote it, or — for a JSON message read as written — a reference to its bytes in the evidence
 * copy of a source's main file: `source:<source id>:<offset>:<length>` (written since ADR 0009; the source row
 * gives the file's SHA-256) or `evidence:<sha256>:<offset>:<length>` (ADR 0008, still read). A JSON message starts
 * with `{` and an HTML one with `<`, so references and inline text never mix up.
 */
const REF = /^(?:evidence:([0-9a-f]{64})|source:(src-[0-9a-f]{16})):(\d+):(\d+)$/;

/** The stored form of a byte range of a source's main file. */
export function rawRefOf(sourceId: string, offset: number, length: number): string {
  return `source:${sourceId}:${offset}:${length}`;
}

/** True when a stored raw value is a reference into an evidence file. */
export function isRawRef(stored: string): boolean {
  return stored.startsWith('source:') || stored.startsWith('evidence:');
}

/** A parsed reference: the evidence file by SHA-256 or by source, and the byte range. */
export interface RawRefParts {
  readonly sha256: string | null;
  readonly sourceId: string | null;
  readonly offset: number;
  readonly length: number;
}

/** Where a stored raw reference points, or null for inline text. */
export function parseRawRef(stored: string): RawRefParts | null {
  const m = REF.exec(stored);
  return m
    ? { sha256: m[1] ?? null, sourceId: m[2] ?? null, offset: Number(m[3]), length: Number(m[4]) }
    : null;
}

/** What resolving references needs: the evidence store, and the case database for `source:` references. */
export interface RawSources {
  readonly evidence: { pathOf(sha256: string): string };
  readonly store: { readonly sources: { sourceSha256(id: string): Promise<string | undefined> } };
}

/**
 * The text of a stored raw value: inline text as is, a reference read from the evidence store (UTF-8 decoded; the
 * exact bytes are `readRawBytes`). Throws FILE_NOT_FOUND when the evidence file is absent.
 */
export async function readMessageRaw(c: RawSources, stored: string): Promise<string> {
  const ref = parseRawRef(stored);
  return ref ? (await readRawBytes(c, stored)).toString('utf8') : stored;
}

/** The exact bytes of a stored raw value (a reference's byte range, or inline text as UTF-8). */
export async function readRawBytes(c: RawSources, stored: string): Promise<Buffer> {
  const ref = parseRawRef(stored);
  if (!ref) return Buffer.from(stored, 'utf8');
  const sha256 =
    ref.sha256 ?? (ref.sourceId === null ? undefined : await c.store.sources.sourceSha256(ref.sourceId));
  if (!sha256)
    throw new AppError('CASE_CORRUPT', `raw message reference ${stored}: no such source in the case`);
  const file = c.evidence.pathOf(sha256);
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
