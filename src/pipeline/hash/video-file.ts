// The video part of hashing one media file: vPDQ frames under a size convention and the wellness strip.
import { isAppError } from '../../domain/errors.js';
import { formatVpdqText, type VpdqSize } from '../../signals/vpdq/index.js';
import { vpdqOfVideo } from './video.js';
import { writeVideoStrip } from './video-thumbnail.js';
import type { IssueCode } from '../../domain/issue.js';

/** How the hasher computes vPDQ for videos. */
export interface VideoHashOptions {
  readonly size: VpdqSize;
  /** Seconds between hashed frames (default 1; 0 = every frame). */
  readonly secondsPerHash?: number;
  readonly pruneDistance?: number;
}

/** A video's vPDQ as the store keeps it (`value` in the reference's text format). */
export interface VideoHash {
  readonly size: VpdqSize;
  readonly value: string;
  readonly frames: number;
  /** Mean frame quality, rounded. */
  readonly quality: number;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly duration: number | null;
}

/** vPDQ (and the strip when `derivedDir` is set) of a video file; problems come back as an issue. */
export async function hashVideoFile(
  path: string,
  sha256: string,
  opts: VideoHashOptions & { derivedDir?: string; maxPixels?: number },
): Promise<{
  vpdq: VideoHash | null;
  thumbnail: string | null;
  issue: { code: IssueCode; message: string } | null;
}> {
  let vpdq: VideoHash;
  try {
    const r = await vpdqOfVideo(path, {
      size: opts.size,
      secondsPerHash: opts.secondsPerHash ?? 1,
      ...(opts.pruneDistance === undefined ? {} : { pruneDistance: opts.pruneDistance }),
      ...(opts.maxPixels === undefined ? {} : { maxPixels: opts.maxPixels }),
      threads: 1,
    });
    const q = r.frames.reduce((s, f) => s + f.quality, 0) / r.frames.length;
    vpdq = {
      size: r.size,
      value: formatVpdqText(r.frames),
      frames: r.frames.length,
      quality: Math.round(q),
      width: r.info.width,
      height: r.info.height,
      fps: r.info.fps,
      duration: r.info.duration,
    };
    if (!opts.derivedDir) return { vpdq, thumbnail: null, issue: null };
    try {
      return { vpdq, thumbnail: await writeVideoStrip(path, sha256, opts.derivedDir, r.info), issue: null };
    } catch (e) {
      return { vpdq, thumbnail: null, issue: { code: 'THUMBNAIL_FAILED', message: (e as Error).message } };
    }
  } catch (e) {
    const issue: { code: IssueCode; message: string } = isAppError(e)
      ? { code: e.code, message: e.message }
      : { code: 'MEDIA_UNDECODABLE', message: `${path}: ${(e as Error).message}` };
    return { vpdq: null, thumbnail: null, issue };
  }
}
