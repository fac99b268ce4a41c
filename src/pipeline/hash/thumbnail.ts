import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';

/** Longest side of a wellness thumbnail, in pixels. */
export const THUMB_SIDE = 160;
/** Gaussian blur sigma applied to thumbnails (after downscaling). */
export const THUMB_BLUR_SIGMA = 3;

/** Where the wellness thumbnail of a media lives, relative to the case's `derived/` folder. */
export function thumbnailRelPath(sha256: string): string {
  return join('thumbs', sha256.slice(0, 2), `${sha256}.webp`);
}

/**
 * Write the wellness thumbnail (small, blurred, greyscale WebP, EXIF-oriented for display) of an image
 * under `derivedDir` unless it exists; atomic (temporary file + rename). Returns its relative path.
 */
export async function writeThumbnail(
  imagePath: string,
  sha256: string,
  derivedDir: string,
  maxPixels: number,
): Promise<string> {
  const rel = thumbnailRelPath(sha256);
  const dest = join(derivedDir, rel);
  if (existsSync(dest)) return rel;
  mkdirSync(join(derivedDir, 'thumbs', sha256.slice(0, 2)), { recursive: true });
  const tmp = `${dest}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await sharp(imagePath, { limitInputPixels: maxPixels, failOn: 'none' })
      .autoOrient()
      .resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true })
      .greyscale()
      .blur(THUMB_BLUR_SIGMA)
      .webp({ quality: 50 })
      .toFile(tmp);
    renameSync(tmp, dest);
  } finally {
    rmSync(tmp, { force: true });
  }
  return rel;
}
