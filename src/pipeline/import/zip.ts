import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { AppError } from '../../domain/errors.js';
import { issue, type ItemIssue } from '../../domain/issue.js';

/** Limits against zip bombs (override for tests). */
export interface ZipLimits {
  /** Total uncompressed bytes actually written (default 256 GiB). */
  readonly maxBytes: number;
  /** Number of entries (default 2,000,000). */
  readonly maxEntries: number;
}

/** Default zip limits. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxBytes: 256 * 2 ** 30, maxEntries: 2_000_000 };

/** Why an entry name is refused, or null when it is a safe relative path. */
export function unsafeEntryName(name: string): string | null {
  if (name.includes('\0')) return 'NUL in name';
  if (/^[\\/]/.test(name) || /^[A-Za-z]:/.test(name)) return 'absolute path';
  if (name.split(/[\\/]/).includes('..')) return "'..' in path";
  return null;
}

/**
 * Extract a zip into `dest` safely: entries with absolute or `..` names and symbolic links are refused
 * (recorded as issues, not extracted); the real uncompressed bytes and the entry count are capped
 * (IMPORT_BAD_ZIP when exceeded). Returns the issues.
 */
export async function extractZip(
  zipPath: string,
  dest: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ItemIssue[]> {
  const issues: ItemIssue[] = [];
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, {
      lazyEntries: true,
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (e) {
    throw new AppError('IMPORT_BAD_ZIP', `${zipPath}: not a readable zip archive: ${(e as Error).message}`);
  }
  let total = 0;
  let count = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (++count > limits.maxEntries)
        throw new AppError(
          'IMPORT_BAD_ZIP',
          `${zipPath}: more than ${limits.maxEntries} entries; refused as a possible zip bomb`,
        );
      const name = yauzl.getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileNameRaw,
        yauzl.parseExtraFields(entry.extraFieldRaw),
        false,
      );
      const bad = unsafeEntryName(name);
      if (bad) {
        issues.push(
          issue('IMPORT_UNSAFE_PATH', `${zipPath}!/${name}`, `entry ${count}`, `zip entry refused: ${bad}`),
        );
        continue;
      }
      const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
      if (mode === 0o120000) {
        issues.push(
          issue(
            'IMPORT_UNSAFE_PATH',
            `${zipPath}!/${name}`,
            `entry ${count}`,
            'zip entry refused: symbolic link',
          ),
        );
        continue;
      }
      const out = join(dest, name);
      if (name.endsWith('/')) {
        mkdirSync(out, { recursive: true });
        continue;
      }
      if (entry.isEncrypted()) {
        issues.push(
          issue('IMPORT_BAD_ZIP', `${zipPath}!/${name}`, `entry ${count}`, 'encrypted entry skipped'),
        );
        continue;
      }
      if (total + entry.uncompressedSize > limits.maxBytes)
        throw new AppError(
          'IMPORT_BAD_ZIP',
          `${zipPath}!/${name}: the archive expands beyond ${limits.maxBytes} bytes; refused as a possible zip bomb`,
        );
      mkdirSync(dirname(out), { recursive: true });
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          total += chunk.length;
          if (total > limits.maxBytes)
            cb(
              new AppError(
                'IMPORT_BAD_ZIP',
                `${zipPath}!/${name}: the archive expands beyond ${limits.maxBytes} bytes; refused as a possible zip bomb`,
              ),
            );
          else cb(null, chunk);
        },
      });
      const stream = await zip.openReadStreamPromise(entry);
      await pipeline(stream, counter, createWriteStream(out, { flags: 'wx' }));
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('IMPORT_BAD_ZIP', `${zipPath}: ${(e as Error).message}`);
  } finally {
    zip.close();
  }
  return issues;
}
