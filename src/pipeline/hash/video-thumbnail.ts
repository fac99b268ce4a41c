// Wellness strip of a video: a few frames spread over its length, tiled side by side by FFmpeg (piped, never
// written), then made small, greyscale and blurred by sharp like image thumbnails.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../domain/errors.js';
import { THUMB_BLUR_SIGMA, THUMB_SIDE, thumbnailRelPath } from './thumbnail.js';
import { FFMPEG, type VideoInfo } from './video-probe.js';
import { ffmpegMessage } from './video.js';

/** Frames in a video's wellness strip. */
export const STRIP_FRAMES = 4;

/** PNG of STRIP_FRAMES frames tiled in a row, each at most THUMB_SIDE px, from one FFmpeg process. */
async function stripPng(path: string, info: VideoInfo): Promise<Buffer> {
  const rate = info.duration && info.duration > 0 ? `${STRIP_FRAMES}/${info.duration.toFixed(3)}` : '1';
  const vf = `fps=${rate},scale=${THUMB_SIDE}:${THUMB_SIDE}:force_original_aspect_ratio=decrease,tile=${STRIP_FRAMES}x1`;
  const args = ['-v', 'error', '-nostdin', '-threads', '1', '-i', path, '-map', '0:v:0', '-an', '-sn', '-dn',
    '-vf', vf, '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'png', 'pipe:1']; // prettier-ignore
  return new Promise((resolve, reject) => {
    const p = spawn(FFMPEG, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', (e) => reject(new AppError('MEDIA_UNDECODABLE', `cannot run ${FFMPEG}: ${e.message}`)));
    p.on('close', (code) => {
      const png = Buffer.concat(out);
      if (code === 0 && png.length) resolve(png);
      else
        reject(new AppError('MEDIA_UNDECODABLE', `${path}: ffmpeg: ${ffmpegMessage(err) || `exit ${code}`}`));
    });
  });
}

/** Write the video's wellness strip (blurred greyscale WebP) under `derivedDir` unless it exists; its relative path. */
export async function writeVideoStrip(
  path: string,
  sha256: string,
  derivedDir: string,
  info: VideoInfo,
): Promise<string> {
  const rel = thumbnailRelPath(sha256);
  const dest = join(derivedDir, rel);
  if (existsSync(dest)) return rel;
  const png = await stripPng(path, info);
  mkdirSync(join(derivedDir, 'thumbs', sha256.slice(0, 2)), { recursive: true });
  const tmp = `${dest}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await sharp(png).greyscale().blur(THUMB_BLUR_SIGMA).webp({ quality: 50 }).toFile(tmp);
    renameSync(tmp, dest);
  } finally {
    rmSync(tmp, { force: true });
  }
  return rel;
}
