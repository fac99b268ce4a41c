// vPDQ of a video file (spec pdq.md §8.1): one FFmpeg process decodes the first video stream and sends the kept
// frames as RGB24 over a local socket, read into one reused frame buffer (video-pipe.ts; never written to disk);
// PDQ runs on each frame's luma where it lies.
import { AppError } from '../../domain/errors.js';
import { pdqFromPixels } from '../../signals/pdq/index.js';
import { pruneVpdqFrames, type VpdqFrame, type VpdqSize } from '../../signals/vpdq/index.js';
import { FFMPEG, ffprobeVideo, type VideoInfo } from './video-probe.js';
import { probeMp4 } from './mp4-probe.js';
import { runFramePipe } from './video-pipe.js';

/** Options of vpdqOfVideo. */
export interface VpdqOptions {
  /** Seconds between hashed frames (default 1); 0 hashes every frame. */
  readonly secondsPerHash?: number;
  /** `native` (default) or `128` (frames scaled to 128x128 first). */
  readonly size?: VpdqSize;
  /** Drop frames within this many bits of the last kept frame (default: keep all). */
  readonly pruneDistance?: number;
  /** Refuse frames with more pixels than this (MEDIA_TOO_LARGE). */
  readonly maxPixels?: number;
  /** FFmpeg decoder threads (default 1: the worker pool provides the parallelism). */
  readonly threads?: number;
}

/** A video's vPDQ frames with the facts they were computed from. */
export interface VpdqResult {
  readonly info: VideoInfo;
  readonly size: VpdqSize;
  readonly secondsPerHash: number;
  /** Hash every K-th decoded frame. */
  readonly every: number;
  /** Frames decoded by FFmpeg before sampling (the last kept frame number + 1 at least). */
  readonly frames: VpdqFrame[];
}

/**
 * The swscale conversion per size convention. Native: `area+accurate_rnd+bitexact` reproduced Meta's sample
 * hashes best with Debian's FFmpeg 5.1 (most frames bit-equal); 128x128: bicubic came closest (docs/video.md).
 */
export const VPDQ_SCALE: Record<VpdqSize, string> = {
  native: 'scale=flags=area+accurate_rnd+bitexact',
  '128': 'scale=128:128:flags=bicubic',
};

/** The sampling step K of the reference: int(secondsPerHash × fps), at least 1. */
export function samplingStep(secondsPerHash: number, fps: number): number {
  return Math.max(1, Math.trunc(secondsPerHash * fps));
}

/** Compute the vPDQ frames of a video; throws MEDIA_UNDECODABLE with FFmpeg's message when it cannot. */
export async function vpdqOfVideo(path: string, opts: VpdqOptions = {}): Promise<VpdqResult> {
  const secondsPerHash = opts.secondsPerHash ?? 1;
  if (!(secondsPerHash >= 0))
    throw new AppError('USAGE', `seconds per hash must be ≥ 0, not ${secondsPerHash}`);
  // MP4/MOV: the header gives size, rate and duration without ffprobe. Should FFmpeg's frames not have the
  // header's size (the byte count says so), the video is done again with ffprobe's figures.
  const fromHeader = probeMp4(path);
  if (fromHeader) {
    const r = await hashFrames(path, fromHeader, secondsPerHash, opts);
    if (r) return r;
  }
  const r = await hashFrames(path, await ffprobeVideo(path), secondsPerHash, opts);
  if (!r) throw new AppError('MEDIA_UNDECODABLE', `${path}: ffmpeg's frames are not ffprobe's size`);
  return r;
}

/** Decode, sample and hash with the given facts; null when FFmpeg's output is not whole frames of that size. */
async function hashFrames(
  path: string,
  info: VideoInfo,
  secondsPerHash: number,
  opts: VpdqOptions,
): Promise<VpdqResult | null> {
  const size = opts.size ?? 'native';
  const w = size === '128' ? 128 : info.width;
  const h = size === '128' ? 128 : info.height;
  const maxPixels = opts.maxPixels ?? 120_000_000;
  if (info.width * info.height > maxPixels) {
    throw new AppError(
      'MEDIA_TOO_LARGE',
      `${path}: ${info.width}x${info.height} frames exceed ${maxPixels} pixels`,
    );
  }
  const every = samplingStep(secondsPerHash, info.fps);
  const filter = `${every > 1 ? `select='not(mod(n\\,${every}))',` : ''}${VPDQ_SCALE[size]}`;
  const args = [
    '-v', 'error', '-nostdin', '-filter_threads', '1', '-threads', String(opts.threads ?? 1), '-i', path,
    '-map', '0:v:0', '-an', '-sn', '-dn', '-fps_mode', 'passthrough',
    '-vf', filter, '-pix_fmt', 'rgb24', '-f', 'rawvideo', 'pipe:1',
  ]; // prettier-ignore
  const frames: VpdqFrame[] = [];
  const end = await runFramePipe(FFMPEG, args, w * h * 3, (data) => {
    const r = pdqFromPixels({ width: w, height: h, channels: 3, data });
    const frameNumber = frames.length * every;
    frames.push({ frameNumber, quality: r.quality, hash: r.hash, timestamp: frameNumber / info.fps });
  });
  if (end.code !== 0) throw ffmpegFailed(path, end.code, end.stderr);
  if (end.partial !== 0) return null;
  if (frames.length === 0) throw new AppError('MEDIA_UNDECODABLE', `${path}: ffmpeg decoded no frame`);
  const kept = opts.pruneDistance === undefined ? frames : pruneVpdqFrames(frames, opts.pruneDistance);
  return { info, size, secondsPerHash, every, frames: kept };
}

function ffmpegFailed(path: string, code: number | null, stderr: string): AppError {
  const line = ffmpegMessage(stderr) || `exit ${code}`;
  return new AppError('MEDIA_UNDECODABLE', `${path}: ffmpeg: ${line}`);
}

/** FFmpeg's last error line, without the context pointer (` @ 0x55…`) that changes from run to run. */
export function ffmpegMessage(stderr: string): string {
  const line = stderr.trim().split('\n').filter(Boolean).pop() ?? '';
  return line.replace(/ @ 0x[0-9a-f]+\]/g, ']');
}
