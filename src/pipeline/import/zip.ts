import { closeSync, mkdirSync, openSync, realpathSync, writeSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import yauzl from 'yauzl';
import { AppError } from '../../domain/errors.js';
import { issue, type ItemIssue } from '../../domain/issue.js';
import { MAX_NAME_BYTES, MAX_PATH_BYTES } from '../../domain/paths.js';

/** Limits against zip bombs, applied to what is actually expanded (docs/import.md, "Zip archives"). */
export interface ZipLimits {
  /** Total uncompressed bytes expanded from one archive (ZIP_TOO_LARGE). */
  readonly maxBytes: number;
  /** Number of entries in the archive's directory (ZIP_TOO_MANY_ENTRIES). */
  readonly maxEntries: number;
  /** Uncompressed bytes of one expanded entry (ZIP_ENTRY_TOO_LARGE). */
  readonly maxEntryBytes: number;
  /** Uncompressed / compressed size of one expanded entry of 1 MiB or more (ZIP_RATIO_TOO_HIGH). */
  readonly maxRatio: number;
}

/** Default zip limits: 256 GiB in all, 1,000,000 entries, 64 GiB per entry, ratio 200. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxBytes: 256 * 2 ** 30,
  maxEntries: 1_000_000,
  maxEntryBytes: 64 * 2 ** 30,
  maxRatio: 200,
};

/** Errors of writing the laid-out files, reported as they are (not as a bad archive). */
const WRITE_FAULTS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'ENAMETOOLONG']);

/** Below this size an entry's compression ratio is not checked (tiny files compress absurdly well). */
export const RATIO_MIN_BYTES = 1 << 20;

const ENV: Record<keyof ZipLimits, string> = {
  maxBytes: 'VIGIE_ZIP_MAX_BYTES',
  maxEntries: 'VIGIE_ZIP_MAX_ENTRIES',
  maxEntryBytes: 'VIGIE_ZIP_MAX_ENTRY_BYTES',
  maxRatio: 'VIGIE_ZIP_MAX_RATIO',
};

/** DEFAULT_ZIP_LIMITS overridden by $VIGIE_ZIP_MAX_BYTES, _MAX_ENTRIES, _MAX_ENTRY_BYTES, _MAX_RATIO. */
export function zipLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ZipLimits {
  const out: Record<string, number> = { ...DEFAULT_ZIP_LIMITS };
  for (const [k, name] of Object.entries(ENV)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    const n = Number(v);
    if (!(Number.isFinite(n) && n > 0))
      throw new AppError('USAGE', `$${name}=${v}: expected a positive number`);
    out[k] = n;
  }
  return out as unknown as ZipLimits;
}

/** Why an entry name is refused, or null when it is a safe relative path. */
export function unsafeEntryName(name: string): string | null {
  if (name.includes('\0')) return 'NUL in name';
  if (/^[\\/]/.test(name) || /^[A-Za-z]:/.test(name)) return 'absolute path';
  if (name.split(/[\\/]/).includes('..')) return "'..' in path";
  return null;
}

/** Entries the importers read from disk: `result.json` and HTML pages. Everything else is read on demand. */
export function isMainEntry(name: string): boolean {
  const base = name.split('/').pop() ?? '';
  return base === 'result.json' || /\.html?$/i.test(base);
}

/**
 * A zip export laid out in `dest` for the importers: main entries (isMainEntry) are extracted, every other file is
 * an empty placeholder so that paths resolve as in a folder; a referenced placeholder's bytes are then read straight
 * from the archive (`read`). Entries with absolute or `..` names and symbolic links are refused as issues.
 */
export class ZipSource {
  private expanded = 0;
  private constructor(
    readonly zipPath: string,
    readonly root: string,
    private readonly zip: yauzl.ZipFile,
    private readonly lazy: Map<string, yauzl.Entry>,
    private readonly limits: ZipLimits,
    readonly issues: ItemIssue[],
  ) {}

  /** Open `zipPath` and lay it out in the (empty, existing) folder `dest`. */
  static async open(zipPath: string, dest: string, limits: ZipLimits): Promise<ZipSource> {
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.openPromise(zipPath, {
        lazyEntries: true,
        autoClose: false,
        decodeStrings: false,
        validateEntrySizes: true,
      });
    } catch (e) {
      throw new AppError('IMPORT_BAD_ZIP', `${zipPath}: not a readable zip archive: ${(e as Error).message}`);
    }
    if (zip.entryCount > limits.maxEntries) {
      zip.close();
      throw new AppError(
        'ZIP_TOO_MANY_ENTRIES',
        `${zipPath}: ${zip.entryCount} entries, more than the limit of ${limits.maxEntries} ($VIGIE_ZIP_MAX_ENTRIES); refused as a possible zip bomb`,
      );
    }
    const src = new ZipSource(zipPath, realpathSync(dest), zip, new Map(), limits, []);
    try {
      await src.layOut();
    } catch (e) {
      zip.close();
      // A full or read-only disk is the case's fault, not the archive's: the caller maps it (DISK_FULL …).
      if (e instanceof AppError || WRITE_FAULTS.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
      throw new AppError('IMPORT_BAD_ZIP', `${zipPath}: ${(e as Error).message}`);
    }
    return src;
  }

  private async layOut(): Promise<void> {
    let count = 0;
    for await (const entry of this.zip.eachEntry()) {
      count++;
      const name = yauzl.getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileNameRaw,
        yauzl.parseExtraFields(entry.extraFieldRaw),
        false,
      );
      const refused =
        unsafeEntryName(name) ??
        (isSymlink(entry) ? 'symbolic link' : null) ??
        tooLong(join(this.root, name));
      if (refused) {
        const at = `${this.zipPath}!/${name}`;
        this.issues.push(issue('IMPORT_UNSAFE_PATH', at, `entry ${count}`, `zip entry refused: ${refused}`));
        continue;
      }
      const out = join(this.root, name);
      if (name.endsWith('/')) {
        mkdirSync(out, { recursive: true });
        continue;
      }
      if (entry.isEncrypted()) {
        const at = `${this.zipPath}!/${name}`;
        this.issues.push(issue('IMPORT_BAD_ZIP', at, `entry ${count}`, 'encrypted entry skipped'));
        continue;
      }
      mkdirSync(dirname(out), { recursive: true });
      if (isMainEntry(name)) {
        const fd = openSync(out, 'wx');
        try {
          for await (const chunk of this.bytes(name, entry)) writeSync(fd, chunk);
        } finally {
          closeSync(fd);
        }
      } else {
        closeSync(openSync(out, 'wx'));
        this.lazy.set(name, entry);
      }
    }
  }

  /** The archive entry behind a placeholder at `absPath` (as the importers resolved it), or null. */
  lazyEntry(absPath: string): string | null {
    const rel = relative(this.root, absPath);
    if (rel.startsWith('..') || rel === '') return null;
    const name = rel.split(sep).join('/');
    return this.lazy.has(name) ? name : null;
  }

  /** The bytes of one entry, read from the archive and checked against the limits. */
  async *read(name: string): AsyncGenerator<Buffer> {
    const entry = this.lazy.get(name);
    if (!entry) throw new AppError('INTERNAL', `${this.zipPath}!/${name}: not an entry of the archive`);
    yield* this.bytes(name, entry);
  }

  private async *bytes(name: string, entry: yauzl.Entry): AsyncGenerator<Buffer> {
    this.check(name, entry);
    let s: NodeJS.ReadableStream;
    try {
      s = await this.zip.openReadStreamPromise(entry);
    } catch (e) {
      throw new AppError('IMPORT_BAD_ZIP', `${this.zipPath}!/${name}: ${(e as Error).message}`);
    }
    try {
      for await (const c of s) {
        const chunk = c as Buffer;
        this.expanded += chunk.length;
        if (this.expanded > this.limits.maxBytes) this.tooLarge(`${this.zipPath}!/${name}`);
        yield chunk;
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('IMPORT_BAD_ZIP', `${this.zipPath}!/${name}: ${(e as Error).message}`);
    }
  }

  private check(name: string, entry: yauzl.Entry): void {
    const at = `${this.zipPath}!/${name}`;
    const l = this.limits;
    if (entry.uncompressedSize > l.maxEntryBytes)
      throw new AppError(
        'ZIP_ENTRY_TOO_LARGE',
        `${at}: expands to ${entry.uncompressedSize} bytes, more than the limit of ${l.maxEntryBytes} per entry ($VIGIE_ZIP_MAX_ENTRY_BYTES); refused`,
      );
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize >= RATIO_MIN_BYTES && ratio > l.maxRatio)
      throw new AppError(
        'ZIP_RATIO_TOO_HIGH',
        `${at}: compression ratio ${Math.round(ratio)}:1 (${entry.compressedSize} -> ${entry.uncompressedSize} bytes) exceeds the limit of ${l.maxRatio} ($VIGIE_ZIP_MAX_RATIO); refused as a possible zip bomb`,
      );
    if (this.expanded + entry.uncompressedSize > l.maxBytes) this.tooLarge(at);
  }

  private tooLarge(at: string): never {
    throw new AppError(
      'ZIP_TOO_LARGE',
      `${at}: expanding it takes the archive beyond the limit of ${this.limits.maxBytes} bytes ($VIGIE_ZIP_MAX_BYTES); refused as a possible zip bomb`,
    );
  }

  /** Close the archive. */
  close(): void {
    this.zip.close();
  }
}

function tooLong(path: string): string | null {
  if (Buffer.byteLength(path) > MAX_PATH_BYTES)
    return `path longer than ${MAX_PATH_BYTES} bytes once laid out`;
  return path.split('/').some((c) => Buffer.byteLength(c) > MAX_NAME_BYTES)
    ? `a name longer than ${MAX_NAME_BYTES} bytes`
    : null;
}

function isSymlink(entry: yauzl.Entry): boolean {
  return ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000;
}
