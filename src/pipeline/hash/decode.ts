// Decoding for PDQ with sharp, exactly as spec pdq.md §4 item 3 requires: no ICC conversion, no EXIF
// auto-rotation, raw 8-bit output, alpha dropped, grey images as one channel, 16-bit reduced to 8 bits.
import sharp from 'sharp';
import { AppError } from '../../domain/errors.js';
import type { PixelImage } from '../../signals/pdq/index.js';

/** Default pixel limit (width x height) against decompression bombs: 120 megapixels (108 MP phone sensors pass; 3 bytes per pixel of decoded RGB, the blur itself needs only a few hundred KB). */
export const DEFAULT_MAX_PIXELS = 120_000_000;

/** Options of the PDQ decoder. */
export interface DecodeOptions {
  /** Refuse images with more pixels than this (MEDIA_TOO_LARGE). */
  readonly maxPixels?: number;
}

/** Decode an image file (or bytes) to the pixels PDQ hashes; throws MEDIA_UNDECODABLE or MEDIA_TOO_LARGE. */
export async function decodeForPdq(input: string | Buffer, opts: DecodeOptions = {}): Promise<PixelImage> {
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  const name = typeof input === 'string' ? input : '<bytes>';
  try {
    const base = sharp(input, {
      ignoreIcc: true,
      autoOrient: false,
      failOn: 'error',
      limitInputPixels: maxPixels,
      sequentialRead: true,
    });
    const meta = await base.metadata();
    const w = meta.width ?? 0;
    const h = meta.height ?? 0;
    if (w * h > maxPixels) throw tooLarge(name, w, h, maxPixels);
    const grey = meta.space === 'b-w' || meta.space === 'grey16' || (meta.channels ?? 3) <= 2;
    let pipe = base.removeAlpha();
    if (grey) pipe = pipe.extractChannel(0);
    const { data, info } = await pipe.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    const channels = info.channels;
    if (channels !== 1 && channels !== 3) {
      throw new AppError('MEDIA_UNDECODABLE', `${name}: decoded to ${channels} channels`);
    }
    return { width: info.width, height: info.height, channels, data };
  } catch (e) {
    if (e instanceof AppError) throw e;
    const msg = (e as Error).message ?? String(e);
    if (/pixel limit/i.test(msg)) throw new AppError('MEDIA_TOO_LARGE', `${name}: ${msg}`);
    throw new AppError('MEDIA_UNDECODABLE', `${name}: cannot decode: ${msg.split('\n')[0]}`);
  }
}

function tooLarge(name: string, w: number, h: number, max: number): AppError {
  return new AppError(
    'MEDIA_TOO_LARGE',
    `${name}: ${w}x${h} = ${w * h} pixels exceeds the limit of ${max} (decompression-bomb guard)`,
    { width: w, height: h, maxPixels: max },
  );
}
