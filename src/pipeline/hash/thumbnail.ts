import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { GreyImage } from '../../signals/pdq/index.js';
import { greyThumbnail } from './thumbnail-grey.js';
import { encodeWebpGrey } from './webp-lossless.js';

/** Longest side of a wellness thumbnail, in pixels. */
export const THUMB_SIDE = 160;
/** Gaussian blur sigma applied to thumbnails (after downscaling). */
export const THUMB_BLUR_SIGMA = 3;

/** Where the wellness thumbnail of a media lives, relative to the case's `derived/` folder. */
export function thumbnailRelPath(sha256: string): string {
  return join('thumbs', sha256.slice(0, 2), `${sha256}.webp`);
}

/** Where the thumbnail goes, or null when it exists already; writes through `make(tmp)` atomically. */
async function writeAtomic(
  sha256: string,
  derivedDir: string,
  make: (tmp: string) => Promise<unknown>,
): Promise<string> {
  const rel = thumbnailRelPath(sha256);
  const dest = join(derivedDir, rel);
  if (existsSync(dest)) return rel;
  mkdirSync(join(derivedDir, 'thumbs', sha256.slice(0, 2)), { recursive: true });
  const tmp = tmpName(dest);
  try {
    await make(tmp);
    renameSync(tmp, dest);
  } finally {
    rmSync(tmp, { force: true });
  }
  return rel;
}

/** A temporary name next to `dest`, unique to this attempt. */
function tmpName(dest: string): string {
  return `${dest}.${randomBytes(4).toString('hex')}.tmp`;
}

/**
 * Write `bytes` as the thumbnail `rel` under `derivedDir` (the caller checked it is absent), atomically, with
 * the fewest system calls: the folder is made only when the first open says it is missing, the temporary file is
 * removed only when the write or the rename failed (a thumbnail costs a file creation, which is most of it).
 */
function writeBytesAtomic(derivedDir: string, rel: string, bytes: Uint8Array): void {
  const dest = join(derivedDir, rel);
  const tmp = tmpName(dest);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    mkdirSync(dirname(dest), { recursive: true });
    fd = openSync(tmp, 'wx');
  }
  let done = false;
  try {
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, dest);
    done = true;
  } finally {
    if (fd >= 0) closeSync(fd);
    if (!done) rmSync(tmp, { force: true });
  }
}

/**
 * Write the wellness thumbnail (small, blurred, greyscale WebP, EXIF-oriented for display) of an image
 * under `derivedDir` unless it exists; atomic (temporary file + rename). Returns its relative path.
 */
export async function writeThumbnail(
  imagePath: string | Buffer,
  sha256: string,
  derivedDir: string,
  maxPixels: number,
): Promise<string> {
  return writeAtomic(sha256, derivedDir, (tmp) =>
    sharp(imagePath, { limitInputPixels: maxPixels, failOn: 'none' })
      .autoOrient()
      .resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true })
      .greyscale()
      .blur(THUMB_BLUR_SIGMA)
      .webp({ quality: 50 })
      .toFile(tmp),
  );
}

/** The thumbnail's size for an image of width x height as displayed: inside THUMB_SIDE, never enlarged (sharp's rounding). */
export function thumbnailSize(width: number, height: number): { width: number; height: number } {
  if (Math.max(width, height) <= THUMB_SIDE) return { width, height };
  const s = THUMB_SIDE / Math.max(width, height);
  return width >= height
    ? { width: THUMB_SIDE, height: Math.max(1, Math.round(height * s)) }
    : { width: Math.max(1, Math.round(width * s)), height: THUMB_SIDE };
}

/**
 * The same thumbnail as writeThumbnail (size, orientation, greyscale, blur), made from a reduced greyscale copy
 * of the decoded pixels (PDQ's luma, luma-reduce.ts) instead of a second decode, without sharp: resized, blurred
 * and oriented in JavaScript (thumbnail-grey.ts), written as a lossless WebP (webp-lossless.ts). `orientation` is
 * the EXIF Orientation (1–8) and `width` x `height` the stored image's size. The caller has found no thumbnail
 * there (hashFile asks before tapping PDQ's rows); one written meanwhile is replaced by the same bytes.
 */
export function writeThumbnailFromGrey(
  grey: GreyImage,
  orientation: number,
  width: number,
  height: number,
  sha256: string,
  derivedDir: string,
): string {
  const swap = orientation >= 5 && orientation <= 8;
  const size = thumbnailSize(swap ? height : width, swap ? width : height);
  const rel = thumbnailRelPath(sha256);
  writeBytesAtomic(derivedDir, rel, encodeWebpGrey(greyThumbnail(grey, orientation, size)));
  return rel;
}
