import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import { THUMB_BLUR_SIGMA, THUMB_SIDE, thumbnailRelPath } from '../pipeline/hash/thumbnail.js';
import { STRIP_FRAMES } from '../pipeline/hash/video-thumbnail.js';
import { DEFAULT_MAX_PIXELS } from '../pipeline/hash/decode.js';

/** Blur applied when serving, on top of whatever `derived/` holds (a file there may be anything). */
export const SERVE_BLUR_SIGMA = 2;

/** A wellness thumbnail as served: always a single-channel (greyscale) blurred JPEG. */
export interface Thumbnail {
  readonly bytes: Buffer;
  readonly contentType: 'image/jpeg';
  /** What it was made from: the derived thumbnail/strip, the original image (never sent itself), or nothing. */
  readonly from: 'derived' | 'original' | 'placeholder';
}

let placeholder: Promise<Buffer> | undefined;

/** A neutral mid-grey square, for media without a picture (videos before hashing, files, undecodable images). */
function placeholderJpeg(): Promise<Buffer> {
  placeholder ??= sharp({
    create: { width: THUMB_SIDE, height: THUMB_SIDE, channels: 3, background: { r: 128, g: 128, b: 128 } },
  })
    .toColourspace('b-w')
    .jpeg({ quality: 70 })
    .toBuffer();
  return placeholder;
}

/** Small, greyscale (one channel), blurred JPEG of an input, whatever it is; null when it cannot be decoded. */
async function wellness(input: string | Buffer, sigma: number): Promise<Buffer | null> {
  try {
    return await sharp(input, { limitInputPixels: DEFAULT_MAX_PIXELS, failOn: 'none' })
      .autoOrient()
      .resize({
        width: THUMB_SIDE * STRIP_FRAMES,
        height: THUMB_SIDE,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .greyscale()
      .blur(sigma)
      .toColourspace('b-w')
      .jpeg({ quality: 70 })
      .toBuffer();
  } catch {
    return null;
  }
}

/**
 * The wellness thumbnail of one media: the image's thumbnail `vigie hash` stored in the case's `thumbnail` table,
 * else the thumbnail or video strip in `derived/` (older cases; videos), blurred and made greyscale again when served, else for an image one made from the original in memory, else a placeholder.
 * Never the original bytes.
 */
export async function mediaThumbnail(
  deps: Pick<CaseContext, 'store' | 'paths' | 'evidence'>,
  input: { sha256: string },
): Promise<Thumbnail> {
  const sha256 = input.sha256.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(sha256))
    throw new AppError('USAGE', `'${input.sha256}': expected a media SHA-256 (64 hex digits)`);
  const file = await deps.store.decisions.mediaFile(sha256);
  if (!file) throw new AppError('NOT_FOUND', `no media with SHA-256 ${sha256}`);
  const stored = await deps.store.media.thumbnailOf(sha256);
  if (stored) {
    const bytes = await wellness(stored, SERVE_BLUR_SIGMA);
    if (bytes) return { bytes, contentType: 'image/jpeg', from: 'derived' };
  }
  const derived = join(deps.paths.derived, thumbnailRelPath(sha256));
  if (existsSync(derived)) {
    const bytes = await wellness(derived, SERVE_BLUR_SIGMA);
    if (bytes) return { bytes, contentType: 'image/jpeg', from: 'derived' };
  }
  const video = file.kind === 'video' || file.kind === 'animation' || !!file.mime?.startsWith('video/');
  if (!video && deps.evidence.has(sha256)) {
    const bytes = await wellness(deps.evidence.pathOf(sha256), THUMB_BLUR_SIGMA + SERVE_BLUR_SIGMA);
    if (bytes) return { bytes, contentType: 'image/jpeg', from: 'original' };
  }
  return { bytes: await placeholderJpeg(), contentType: 'image/jpeg', from: 'placeholder' };
}
