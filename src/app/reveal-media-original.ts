import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';

/** The original bytes of a media and their type. */
export interface OriginalMedia {
  readonly bytes: Buffer;
  readonly contentType: string;
}

/**
 * The original bytes of one media from the evidence store, for a reveal already recorded (`revealMedia`): the
 * only use case that hands out originals. The type is the recorded MIME type, else what sharp recognises.
 */
export async function revealMediaOriginal(
  deps: Pick<CaseContext, 'store' | 'evidence'>,
  input: { sha256: string },
): Promise<OriginalMedia> {
  const file = await deps.store.decisions.mediaFile(input.sha256);
  if (!file || !deps.evidence.has(input.sha256))
    throw new AppError('NOT_FOUND', `no media with SHA-256 ${input.sha256} in the evidence store`);
  const bytes = await readFile(deps.evidence.pathOf(input.sha256));
  let contentType = file.mime;
  if (!contentType) {
    const format = await sharp(bytes)
      .metadata()
      .then((m) => m.format)
      .catch(() => undefined);
    contentType = format ? `image/${format}` : 'application/octet-stream';
  }
  return { bytes, contentType };
}
