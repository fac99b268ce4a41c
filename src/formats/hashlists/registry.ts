import { AppError } from '../../domain/errors.js';
import { hmaFormat } from './hma.js';
import { ncmecFormat } from './ncmec.js';
import { textFormat } from './text.js';
import type { HashListFormat } from './types.js';
import { vicsFormat } from './vics.js';

export type { HashListEntry, HashListFormat, HashListMeta, ParseOptions } from './types.js';

/** Every hash-list format, in detection order (most specific first; `text` is the fallback). */
export const HASHLIST_FORMATS: readonly HashListFormat[] = [vicsFormat, ncmecFormat, hmaFormat, textFormat];

/** Look a format up by name or throw USAGE. */
export function hashListFormat(name: string): HashListFormat {
  const f = HASHLIST_FORMATS.find((x) => x.name === name);
  if (!f) {
    throw new AppError(
      'USAGE',
      `unknown hash-list format '${name}' (known: ${HASHLIST_FORMATS.map((x) => x.name).join(', ')})`,
    );
  }
  return f;
}

/** Detect the format of a file from its first bytes (up to 64 KiB); throws HASHLIST_INVALID when none fits. */
export function detectHashListFormat(head: Buffer, fileName: string): HashListFormat {
  const text = head.toString('utf8');
  const f = HASHLIST_FORMATS.find((x) => x.sniff(text, fileName));
  if (!f) {
    throw new AppError(
      'HASHLIST_INVALID',
      `${fileName}: byte 0: format not recognised (VICS JSON, NCMEC XML, HMA signal file or one hash per line); pass --format`,
    );
  }
  return f;
}
