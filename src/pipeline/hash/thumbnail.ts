import { join } from 'node:path';
import { greyThumbnail, type LumaImage } from './thumbnail-grey.js';
import { encodeWebpGrey } from './webp-lossless.js';

/** Longest side of a wellness thumbnail, in pixels. */
export const THUMB_SIDE = 160;
/** Gaussian blur sigma applied to thumbnails (after downscaling). */
export const THUMB_BLUR_SIGMA = 3;

/** Where the wellness thumbnail of a media lives, relative to the case's `derived/` folder. */
export function thumbnailRelPath(sha256: string): string {
  return join('thumbs', sha256.slice(0, 2), `${sha256}.webp`);
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
 * The wellness thumbnail of an image as lossless WebP bytes (stored in the case's `thumbnail` table, ADR 0029):
 * the look of sharp's resize + greyscale + blur σ THUMB_BLUR_SIGMA of the oriented image, made from PDQ's own 64x64 luma grid, or from a
 * small image's whole luma (SMALL_SIDE), without sharp (thumbnail-grey.ts, webp-lossless.ts). `orientation` is
 * the EXIF Orientation (1–8) and `width` x `height` the stored image's size.
 */
export function thumbnailFromLuma(
  luma: LumaImage,
  orientation: number,
  width: number,
  height: number,
): Uint8Array {
  const swap = orientation >= 5 && orientation <= 8;
  const size = thumbnailSize(swap ? height : width, swap ? width : height);
  return encodeWebpGrey(greyThumbnail(luma, orientation, size));
}

/**
 * Images whose longest side is at most this many pixels are thumbnailed from their whole luma (at most 64 Ki
 * pixels, cheap): PDQ's grid of a small image is point samples hardly blurred (its window is 1–2 px), which the
 * thumbnail's blur does not hide on noise or text.
 */
export const SMALL_SIDE = 256;
