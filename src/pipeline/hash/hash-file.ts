// Hash one media file: MD5/SHA-1/SHA-256 always; for images also PDQ (+ 8 dihedral hashes), EXIF facts and a
// wellness thumbnail (WebP bytes, from PDQ's grid: the caller stores them); for videos vPDQ and a wellness strip (video-file.ts). Never throws for a bad file: problems come back as an issue with a code.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isAppError } from '../../domain/errors.js';
import type { IssueCode } from '../../domain/issue.js';
import { createCryptoHasher, type CryptoDigests } from '../../signals/crypto.js';
import { lumaOf, pdqFromPixels, type DihedralSlot, type PdqConvention } from '../../signals/pdq/index.js';
import { cryptoOfFile } from './crypto-file.js';
import { decodeForPdq, DEFAULT_MAX_PIXELS } from './decode.js';
import { readExifInfo, type ExifFacts } from './exif.js';
import { sniffImage, sniffVideo, type ImageFormat } from './sniff.js';
import { hashVideoFile, type VideoHash, type VideoHashOptions } from './video-file.js';
import { SMALL_SIDE, thumbnailFromLuma } from './thumbnail.js';
import type { LumaImage } from './thumbnail-grey.js';

/** What to hash and how. */
export interface HashJob {
  /** The media's SHA-256 (its evidence name): checked against the bytes. */
  readonly sha256: string;
  readonly path: string;
  readonly convention: PdqConvention;
  /** Make wellness thumbnails: images' come back as bytes, videos' strips are written in this folder (`derived/`). */
  readonly derivedDir?: string;
  readonly maxPixels?: number;
  /** Compute vPDQ for videos (files that sniff as video, or any non-image when `video` is set). */
  readonly vpdq?: VideoHashOptions;
  /** The case says this media is a video (kind or MIME type). */
  readonly video?: boolean;
}

/** A problem with one media file. */
export interface HashIssue {
  readonly code: IssueCode;
  readonly message: string;
}

/** Everything computed from one media file. */
export interface HashResult {
  readonly sha256: string;
  readonly crypto: CryptoDigests | null;
  readonly format: ImageFormat | null;
  readonly pdq: {
    readonly convention: PdqConvention;
    readonly hash: string;
    readonly quality: number;
    readonly dihedral: Record<DihedralSlot, string>;
    readonly width: number;
    readonly height: number;
  } | null;
  readonly exif: ExifFacts | null;
  /** vPDQ of a video (null for images, or when the job asked for none). */
  readonly vpdq?: VideoHash | null;
  /** A video's wellness strip, relative to `derived/` (images: null, their thumbnail is `thumbnailWebp`). */
  readonly thumbnail: string | null;
  /** An image's wellness thumbnail (lossless greyscale WebP) for the case's `thumbnail` table. */
  readonly thumbnailWebp?: Uint8Array | null;
  readonly issue: HashIssue | null;
}

/** Files up to this size are read once into memory and hashed, sniffed, parsed for EXIF and decoded from there. */
const IN_MEMORY_MAX = 64 * 1024 * 1024;

/** This thread's read buffer, lent to one hashFile at a time (see borrow): no fresh memory for every file. */
let spare: Buffer | null = null;
let lent = false;

/**
 * `size` bytes to read a file into: the thread's spare buffer when it is free (grown as needed), else fresh
 * ones. Reusing it spares the allocation, its first-touch page faults and the garbage collections that memory
 * outside the JavaScript heap triggers; hashFile gives it back (giveBack) once the decoder and EXIF are done.
 */
function borrow(size: number): Buffer {
  if (lent || size > SPARE_MAX) return Buffer.allocUnsafe(size);
  if (!spare || spare.length < size) spare = Buffer.allocUnsafeSlow(Math.max(size, 1 << 20));
  lent = true;
  return spare.subarray(0, size);
}

/** Give the spare buffer back when `bytes` came from it. */
function giveBack(bytes: Buffer | null): void {
  if (bytes && spare && bytes.buffer === spare.buffer) lent = false;
}

/** The spare buffer grows to at most this many bytes (larger files get their own). */
const SPARE_MAX = 16 * 1024 * 1024;

/**
 * The file's bytes when small enough to hold (one open, one read for every step), with its digests; null when
 * the file is not there. One descriptor: no separate existence and size checks (each a system call).
 */
async function readAndDigest(
  path: string,
): Promise<{ bytes: Buffer | null; sha256: string; digests: CryptoDigests } | null> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw e;
  }
  let bytes: Buffer | null = null;
  try {
    const size = fstatSync(fd).size;
    if (size <= IN_MEMORY_MAX) {
      // One synchronous read (the hashing runs on worker threads): no chunked reads or thread-pool round trips.
      bytes = borrow(size);
      let got = 0;
      for (let n = 1; got < size && n > 0; got += n) n = readSync(fd, bytes, got, size - got, got);
      if (got < size) bytes = bytes.subarray(0, got);
    }
  } finally {
    closeSync(fd);
  }
  if (!bytes) {
    const c = await cryptoOfFile(path);
    return { bytes: null, sha256: c.sha256, digests: { md5: c.md5, sha1: c.sha1, sha256: c.sha256 } };
  }
  const h = createCryptoHasher();
  h.update(bytes);
  const { md5, sha1, sha256 } = h.digest();
  return { bytes, sha256, digests: { md5, sha1, sha256 } };
}

function readHead(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(192);
    const n = readSync(fd, buf, 0, 192, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Hash one media file (see the module comment). */
export async function hashFile(job: HashJob): Promise<HashResult> {
  const read = await readAndDigest(job.path);
  try {
    return await hashRead(job, read);
  } finally {
    giveBack(read?.bytes ?? null);
  }
}

/** hashFile once the file is read and digested (null: not there). */
async function hashRead(job: HashJob, read: Awaited<ReturnType<typeof readAndDigest>>): Promise<HashResult> {
  const base = { sha256: job.sha256, format: null, pdq: null, exif: null, thumbnail: null };
  if (!read) {
    return {
      ...base,
      crypto: null,
      issue: { code: 'FILE_NOT_FOUND', message: `${job.path}: missing from the evidence store` },
    };
  }
  const { bytes, sha256, digests } = read;
  if (sha256 !== job.sha256) {
    return {
      ...base,
      crypto: null,
      issue: {
        code: 'EVIDENCE_ALTERED',
        message: `${job.path}: content hashes to ${sha256}, not its name`,
      },
    };
  }
  const head = bytes ? bytes.subarray(0, 192) : readHead(job.path);
  const format = sniffImage(head);
  if (!format && job.vpdq && (job.video || sniffVideo(head))) {
    const v = await hashVideoFile(job.path, job.sha256, {
      ...job.vpdq,
      ...(job.derivedDir ? { derivedDir: job.derivedDir } : {}),
      ...(job.maxPixels ? { maxPixels: job.maxPixels } : {}),
    });
    return { ...base, crypto: digests, vpdq: v.vpdq, thumbnail: v.thumbnail, issue: v.issue };
  }
  if (!format) return { ...base, crypto: digests, issue: null };
  const maxPixels = job.maxPixels ?? DEFAULT_MAX_PIXELS;
  const input = bytes ?? job.path;
  // EXIF first: it is read even when the pixels cannot be decoded (e.g. HEVC HEIF photos sent as files).
  const { facts: exif, orientation } = await readExifInfo(input);
  let pdq: HashResult['pdq'] = null;
  let luma: LumaImage | null = null;
  try {
    const img = await decodeForPdq(input, { maxPixels, name: job.path });
    // The thumbnail comes from the 64x64 luma grid PDQ hashes (ADR 0029): no second decode, no extra pass; a
    // small image's from its whole luma.
    const small = Math.max(img.width, img.height) <= SMALL_SIDE;
    const grid = !!job.derivedDir && !small;
    const r = pdqFromPixels(img, { convention: job.convention, dihedral: true, grid });
    if (r.grid) luma = { width: 64, height: 64, data: r.grid };
    else if (job.derivedDir && small) {
      const l = lumaOf(img, 'full');
      luma = { width: l.cols, height: l.rows, data: l.luma };
    }
    pdq = {
      convention: job.convention,
      hash: r.hash,
      quality: r.quality,
      dihedral: r.dihedral!,
      width: img.width,
      height: img.height,
    };
  } catch (e) {
    const issue: HashIssue = isAppError(e)
      ? { code: e.code, message: e.message }
      : { code: 'MEDIA_UNDECODABLE', message: `${job.path}: ${(e as Error).message}` };
    return { ...base, crypto: digests, format, exif, issue };
  }
  let thumbnailWebp: Uint8Array | null = null;
  let issue: HashIssue | null = null;
  if (job.derivedDir) {
    try {
      if (luma) thumbnailWebp = thumbnailFromLuma(luma, orientation, pdq.width, pdq.height);
    } catch (e) {
      issue = { code: 'THUMBNAIL_FAILED', message: `${job.path}: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  return { sha256: job.sha256, crypto: digests, format, pdq, exif, thumbnail: null, thumbnailWebp, issue };
}
