// ffprobe facts of a video's first video stream: size, frame rate (avg_frame_rate, else r_frame_rate), duration.
import { spawn, spawnSync } from 'node:child_process';
import { AppError } from '../../domain/errors.js';
import { probeMp4 } from './mp4-probe.js';

/** The facts vPDQ needs about a video's first video stream. */
export interface VideoInfo {
  readonly width: number;
  readonly height: number;
  /** Frames per second (avg_frame_rate, else r_frame_rate). */
  readonly fps: number;
  /** Seconds, or null when the container does not say. */
  readonly duration: number | null;
}

/** FFmpeg programs, overridable for tests and unusual installs (VIGIE_FFMPEG, VIGIE_FFPROBE). */
export const FFMPEG = process.env['VIGIE_FFMPEG'] ?? 'ffmpeg';
/** See FFMPEG. */
export const FFPROBE = process.env['VIGIE_FFPROBE'] ?? 'ffprobe';

/** True when the FFmpeg program can be started (`ffmpeg -version` exits 0). */
export function ffmpegAvailable(): boolean {
  return spawnSync(FFMPEG, ['-version'], { stdio: 'ignore' }).status === 0;
}

/** Run a program, collecting stdout and stderr; rejects only when it cannot be started. */
export function runTool(
  cmd: string,
  args: readonly string[],
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', (e) =>
      reject(new AppError('MEDIA_UNDECODABLE', `cannot run ${cmd}: ${e.message} (install FFmpeg)`)),
    );
    p.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

function rate(s: string | undefined): number {
  const m = /^(\d+)\/(\d+)$/.exec(s ?? '');
  if (!m || Number(m[2]) === 0) return 0;
  return Number(m[1]) / Number(m[2]);
}

/**
 * Probe a video: MP4/MOV headers are read in Node (mp4-probe.ts, the same figures as ffprobe without its
 * start-up), anything else by ffprobe. Throws MEDIA_UNDECODABLE with FFmpeg's own message when it cannot be read.
 */
export async function probeVideo(path: string): Promise<VideoInfo> {
  return probeMp4(path) ?? ffprobeVideo(path);
}

/** Probe a video with ffprobe (see probeVideo). */
export async function ffprobeVideo(path: string): Promise<VideoInfo> {
  const r = await runTool(FFPROBE, [
    '-v', 'error', '-select_streams', 'v:0',
    '-show_entries', 'stream=width,height,avg_frame_rate,r_frame_rate:format=duration',
    '-of', 'json', path,
  ]); // prettier-ignore
  const firstLine = (r.err.trim().split('\n')[0] ?? '')
    .replace(/ @ 0x[0-9a-f]+\]/g, ']')
    .replace(`${path}: `, '');
  if (r.code !== 0)
    throw new AppError('MEDIA_UNDECODABLE', `${path}: ffprobe: ${firstLine || `exit ${r.code}`}`);
  let j: { streams?: Record<string, unknown>[]; format?: { duration?: string } };
  try {
    j = JSON.parse(r.out) as typeof j;
  } catch {
    throw new AppError('MEDIA_UNDECODABLE', `${path}: ffprobe: unreadable output`);
  }
  const s = j.streams?.[0];
  if (!s) throw new AppError('MEDIA_UNDECODABLE', `${path}: no video stream`);
  const width = Number(s['width']);
  const height = Number(s['height']);
  const fps = rate(s['avg_frame_rate'] as string) || rate(s['r_frame_rate'] as string);
  if (!(width > 0 && height > 0))
    throw new AppError('MEDIA_UNDECODABLE', `${path}: video stream without a size`);
  if (!(fps > 0)) throw new AppError('MEDIA_UNDECODABLE', `${path}: video stream without a frame rate`);
  const d = Number(j.format?.duration);
  return { width, height, fps, duration: Number.isFinite(d) ? d : null };
}
