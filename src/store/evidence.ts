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
import { faultError } from './faults.js';
import { processAlive } from './case-lock.js';

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
   * (the temporary copy is dropped before any fsync). A read error blames `srcPath` (FILE_NOT_FOUND); a write error
   * is the case's (DISK_FULL, CASE_READ_ONLY), and leaves no temporary file behind.
   */
  putFile(srcPath: string): StoredEvidence {
    let inFd: number;
    try {
      inFd = openSync(srcPath, 'r');
    } catch (e) {
      throw new AppError('FILE_NOT_FOUND', `${srcPath}: cannot read: ${(e as Error).message}`);
    }
    const buf = Buffer.allocUnsafe(CHUNK);
    try {
      return this.writeTmp(srcPath, (out) => {
        for (;;) {
          let n: number;
          try {
            n = readSync(inFd, buf, 0, CHUNK, null);
          } catch (e) {
            throw new AppError('FILE_NOT_FOUND', `${srcPath}: cannot read: ${(e as Error).message}`);
          }
          if (n === 0) return;
          out(buf.subarray(0, n));
        }
      });
    } finally {
      closeSync(inFd);
    }
  }

  /** Copy a stream in (a zip entry read straight from its archive), with putFile's guarantees. */
  async putStream(label: string, chunks: AsyncIterable<Buffer>): Promise<StoredEvidence> {
    const { tmp, fd } = this.openTmp(label);
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of chunks) {
        hash.update(chunk);
        writeSync(fd, chunk);
        size += chunk.length;
      }
    } catch (e) {
      closeSync(fd);
      rmSync(tmp, { force: true });
      throw faultError(e) ?? e;
    }
    return this.finishTmp(label, tmp, fd, hash.digest('hex'), size);
  }

  private openTmp(label: string): { tmp: string; fd: number } {
    const tmpDir = join(this.root, '.tmp');
    const tmp = join(tmpDir, `${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      mkdirSync(tmpDir, { recursive: true });
      return { tmp, fd: openSync(tmp, 'wx', 0o600) };
    } catch (e) {
      throw this.writeError(label, e);
    }
  }

  private writeError(label: string, e: unknown): Error {
    return (
      faultError(e) ??
      new AppError('INTERNAL', `${this.root}: cannot store the copy of ${label}: ${(e as Error).message}`)
    );
  }

  private writeTmp(label: string, fill: (out: (b: Buffer) => void) => void): StoredEvidence {
    const { tmp, fd } = this.openTmp(label);
    const hash = createHash('sha256');
    let size = 0;
    try {
      fill((b) => {
        hash.update(b);
        try {
          writeSync(fd, b);
        } catch (e) {
          throw this.writeError(label, e);
        }
        size += b.length;
      });
    } catch (e) {
      closeSync(fd);
      rmSync(tmp, { force: true });
      throw e;
    }
    return this.finishTmp(label, tmp, fd, hash.digest('hex'), size);
  }

  private finishTmp(label: string, tmp: string, fd: number, sha256: string, size: number): StoredEvidence {
    // Bytes already in the store (overlapping exports hold the same media many times): drop the copy unsynced.
    if (this.has(sha256)) {
      closeSync(fd);
      rmSync(tmp, { force: true });
      return { sha256, size, written: false };
    }
    try {
      fsyncSync(fd);
      closeSync(fd);
      return this.commitTmp(tmp, sha256, size);
    } catch (e) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
      rmSync(tmp, { force: true });
      throw this.writeError(label, e);
    }
  }

  /** Store bytes held in memory (same guarantees as putFile). */
  putBytes(bytes: Uint8Array): StoredEvidence {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (this.has(sha256)) return { sha256, size: bytes.length, written: false };
    return this.writeTmp('bytes in memory', (out) => out(Buffer.from(bytes)));
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

  /** Remove leftovers of interrupted writes by processes no longer alive (never a committed file); returns how many. */
  cleanTmp(): number {
    const dir = join(this.root, '.tmp');
    if (!existsSync(dir)) return 0;
    let n = 0;
    for (const f of readdirSync(dir)) {
      const pid = Number(f.split('-')[0]);
      if (Number.isInteger(pid) && (pid === process.pid || processAlive(pid))) continue;
      rmSync(join(dir, f), { recursive: true, force: true });
      n++;
    }
    return n;
  }

  /** A new empty working folder under `.tmp` (named after this process, so cleanTmp knows when it is stale). */
  tmpFolder(kind: string): string {
    const dir = join(this.root, '.tmp', `${process.pid}-${kind}-${randomBytes(6).toString('hex')}`);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw this.writeError(kind, e);
    }
    return dir;
  }

  /** Remove one stored file (only for files no record references: `vigie gc`, a rolled-back import). */
  remove(sha256: string): void {
    rmSync(this.pathOf(sha256), { force: true });
  }
}
