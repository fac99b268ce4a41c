import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  createReadStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  readSync,
} from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../domain/errors.js';

/** A file in the evidence store: its SHA-256 and size, and whether this call wrote it. */
export interface StoredEvidence {
  readonly sha256: string;
  readonly size: number;
  readonly written: boolean;
}

const CHUNK = 1 << 20;

/** Write-once, content-addressed storage of original files under `evidence/ab/cd/<sha256>`. */
export class EvidenceStore {
  constructor(readonly root: string) {}

  /** Where the bytes with this SHA-256 live. */
  pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** True when the store holds this hash. */
  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  /**
   * Copy a file in: hash while copying to a temporary file, fsync, rename, make read-only. Same bytes twice: no-op
   * (the temporary copy is dropped before any fsync).
   */
  putFile(srcPath: string): StoredEvidence {
    const tmpDir = join(this.root, '.tmp');
    mkdirSync(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${process.pid}-${randomBytes(6).toString('hex')}`);
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(CHUNK);
    let size = 0;
    let inFd: number | undefined;
    let outFd: number | undefined;
    try {
      inFd = openSync(srcPath, 'r');
      outFd = openSync(tmp, 'wx', 0o600);
      for (;;) {
        const n = readSync(inFd, buf, 0, CHUNK, null);
        if (n === 0) break;
        hash.update(buf.subarray(0, n));
        writeSync(outFd, buf, 0, n);
        size += n;
      }
    } catch (e) {
      if (outFd !== undefined) closeSync(outFd);
      if (inFd !== undefined) closeSync(inFd);
      rmSync(tmp, { force: true });
      throw new AppError('FILE_NOT_FOUND', `${srcPath}: cannot read: ${(e as Error).message}`);
    }
    const sha256 = hash.digest('hex');
    closeSync(inFd);
    // Bytes already in the store (overlapping exports hold the same media many times): drop the copy unsynced.
    if (this.has(sha256)) {
      closeSync(outFd);
      rmSync(tmp, { force: true });
      return { sha256, size, written: false };
    }
    try {
      fsyncSync(outFd);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new AppError('INTERNAL', `${srcPath}: cannot write its evidence copy: ${(e as Error).message}`);
    } finally {
      closeSync(outFd);
    }
    return this.commitTmp(tmp, sha256, size);
  }

  /** Store bytes held in memory (same guarantees as putFile). */
  putBytes(bytes: Uint8Array): StoredEvidence {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (this.has(sha256)) return { sha256, size: bytes.length, written: false };
    const tmpDir = join(this.root, '.tmp');
    mkdirSync(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${process.pid}-${randomBytes(6).toString('hex')}`);
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return this.commitTmp(tmp, sha256, bytes.length);
  }

  private commitTmp(tmp: string, sha256: string, size: number): StoredEvidence {
    const dest = this.pathOf(sha256);
    if (existsSync(dest)) {
      rmSync(tmp, { force: true });
      return { sha256, size, written: false };
    }
    mkdirSync(join(this.root, sha256.slice(0, 2), sha256.slice(2, 4)), { recursive: true });
    chmodSync(tmp, 0o444);
    renameSync(tmp, dest);
    const dirFd = openSync(join(this.root, sha256.slice(0, 2), sha256.slice(2, 4)), 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
    return { sha256, size, written: true };
  }

  /** Re-hash one stored file; resolves to its actual SHA-256 (or null when missing). */
  async rehash(sha256: string): Promise<string | null> {
    const p = this.pathOf(sha256);
    if (!existsSync(p)) return null;
    const h = createHash('sha256');
    for await (const chunk of createReadStream(p)) h.update(chunk as Buffer);
    return h.digest('hex');
  }

  /** Every hash present on disk (sorted), for finding unreferenced files. */
  list(): string[] {
    const out: string[] = [];
    if (!existsSync(this.root)) return out;
    for (const a of readdirSync(this.root)) {
      if (a.length !== 2) continue;
      for (const b of readdirSync(join(this.root, a))) {
        for (const f of readdirSync(join(this.root, a, b))) out.push(f);
      }
    }
    return out.sort();
  }

  /** Size on disk of a stored file. */
  sizeOf(sha256: string): number {
    return statSync(this.pathOf(sha256)).size;
  }

  /** Remove leftovers of interrupted writes (never a committed file). */
  cleanTmp(): void {
    rmSync(join(this.root, '.tmp'), { recursive: true, force: true });
  }
}
