import { decodeForPdq, type DecodeOptions } from './decode.js';
import { pdqFromPixels, type PdqConvention, type PdqHash } from '../../signals/pdq/index.js';

/** Options of pdqOfFile. */
export interface PdqFileOptions extends DecodeOptions {
  /** `full` (default, HMA/ThreatExchange) or `cli512` (Meta's pdq-photo-hasher). */
  readonly convention?: PdqConvention;
  /** Also compute the 8 dihedral hashes. */
  readonly dihedral?: boolean;
}

/**
 * PDQ hash and quality of one image file, decoded with sharp as the spec requires (no ICC, no rotation,
 * alpha dropped, grey as one channel). Throws AppError MEDIA_UNDECODABLE or MEDIA_TOO_LARGE.
 */
export async function pdqOfFile(path: string | Buffer, opts: PdqFileOptions = {}): Promise<PdqHash> {
  const img = await decodeForPdq(path, opts);
  return pdqFromPixels(img, { convention: opts.convention ?? 'full', dihedral: opts.dihedral ?? false });
}
