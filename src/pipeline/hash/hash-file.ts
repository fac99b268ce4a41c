// Hash one media file: MD5/SHA-1/SHA-256 always; for images also PDQ (+ 8 dihedral hashes), EXIF facts and a
// wellness thumbnail; for videos vPDQ and a wellness strip (video-file.ts). Never throws for a bad file: problems come back as an issue with a code.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { isAppError } from '../../domain/errors.js';
import type { IssueCode } from '../../domain/issue.js';
import type { CryptoDigests } from '../../signals/crypto.js';
import { pdqFromPixels, type DihedralSlot, type PdqConvention } from '../../signals/pdq/index.js';
import { cryptoOfFile } from './crypto-file.js';
import { decodeForPdq, DEFAULT_MAX_PIXELS } from './decode.js';
import { readExif, type ExifFacts } from './exif.js';
import { sniffImage, sniffVideo, type ImageFormat } from './sniff.js';
import { hashVideoFile, type VideoHash, type VideoHashOptions } from './video-file.js';
import { writeThumbnail } from './thumbnail.js';

/** What to hash and how. */
export interface HashJob {
  /** The media's SHA-256 (its evidence name): checked against the bytes. */
  readonly sha256: string;
  readonly path: string;
  readonly convention: PdqConvention;
  /** Folder for wellness thumbnails (`derived/`); none written when absent. */
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
  readonly thumbnail: string | null;
  readonly issue: HashIssue | null;
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
  const base = { sha256: job.sha256, format: null, pdq: null, exif: null, thumbnail: null };
  if (!existsSync(job.path)) {
    return {
      ...base,
      crypto: null,
      issue: { code: 'FILE_NOT_FOUND', message: `${job.path}: missing from the evidence store` },
    };
  }
  const crypto = await cryptoOfFile(job.path);
  if (crypto.sha256 !== job.sha256) {
    return {
      ...base,
      crypto: null,
      issue: {
        code: 'EVIDENCE_ALTERED',
        message: `${job.path}: content hashes to ${crypto.sha256}, not its name`,
      },
    };
  }
  const digests = { md5: crypto.md5, sha1: crypto.sha1, sha256: crypto.sha256 };
  const head = readHead(job.path);
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
  // EXIF first: it is read even when the pixels cannot be decoded (e.g. HEVC HEIF photos sent as files).
  const exif = await readExif(job.path);
  let pdq: HashResult['pdq'] = null;
  try {
    const img = await decodeForPdq(job.path, { maxPixels });
    const r = pdqFromPixels(img, { convention: job.convention, dihedral: true });
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
  let thumbnail: string | null = null;
  let issue: HashIssue | null = null;
  if (job.derivedDir) {
    try {
      thumbnail = await writeThumbnail(job.path, job.sha256, job.derivedDir, maxPixels);
    } catch (e) {
      issue = { code: 'THUMBNAIL_FAILED', message: `${job.path}: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  return { sha256: job.sha256, crypto: digests, format, pdq, exif, thumbnail, issue };
}
