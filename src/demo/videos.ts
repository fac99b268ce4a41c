/**
 * Benign synthetic videos for the demo (FFmpeg's lavfi sources: moving test pattern with counters, scrolling
 * gradient with a counter, a Mandelbrot zoom), with re-encoded, trimmed and overlaid variants, posted in one single-chat Telegram
 * JSON export, a known-video HMA list (`vpdq` of one original) and their truth. Deterministic: fixed sources,
 * one encoder thread, bit-exact muxing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatVpdqJson } from '../signals/vpdq/index.js';
import { vpdqOfVideo } from '../pipeline/hash/video.js';
import { FFMPEG } from '../pipeline/hash/video-probe.js';

/** One generated video and what it is. */
export interface DemoVideo {
  readonly file: string;
  readonly scene: 'pattern' | 'counter' | 'zoom';
  readonly variant: 'original' | 're-encoded' | 'trimmed' | 'overlaid';
  /** Its scene is on the known-video list. */
  readonly known: boolean;
  readonly poster: string;
  readonly postedAt: string;
}

const SCENES = {
  pattern: 'testsrc2=size=480x360:rate=30:duration=6',
  counter: 'testsrc=size=480x360:rate=30:duration=6',
  zoom: 'mandelbrot=size=480x360:rate=30',
} as const;
const ENCODE = ['-c:v', 'libx264', '-preset', 'veryfast', '-threads', '1', '-pix_fmt', 'yuv420p',
  '-flags', '+bitexact', '-fflags', '+bitexact', '-map_metadata', '-1']; // prettier-ignore
const POSTERS = ['user880001', 'user880002', 'user880003'] as const;
const NAMES: Record<string, string> = {
  user880001: 'Clip Poster One',
  user880002: 'Clip Poster Two',
  user880003: 'Clip Poster Three',
};

function ffmpeg(args: string[]): void {
  const r = spawnSync(FFMPEG, ['-v', 'error', '-nostdin', ...args, '-y'], { maxBuffer: 1 << 24 });
  if (r.error || r.status !== 0) throw new Error(`ffmpeg: ${r.error?.message ?? r.stderr.toString().trim()}`);
}

/** Variants: [variant, scene, extra input args, filter, crf]. */
const PLAN: [DemoVideo['variant'], DemoVideo['scene'], string[], string | null, number][] = [
  ['trimmed', 'pattern', ['-ss', '1'], null, 23],
  ['original', 'pattern', [], null, 23],
  ['re-encoded', 'pattern', [], 'scale=360:270', 34],
  ['overlaid', 'pattern', [], 'drawbox=x=400:y=300:w=48:h=28:color=white@0.5:t=fill', 23],
  ['original', 'counter', [], null, 23],
  ['re-encoded', 'counter', [], 'scale=400:300', 28],
  ['original', 'zoom', [], null, 23],
];

/** Write the videos, their export, the known-video list and return the truth; throws when FFmpeg is missing. */
export async function writeDemoVideos(out: string): Promise<{
  exportDir: string;
  listPath: string;
  list: { path: string; name: string; format: 'hma'; role: 'alert'; file: string };
  listEntries: number;
  videos: DemoVideo[];
}> {
  const exportDir = join(out, 'exports', 'video-clips');
  mkdirSync(join(exportDir, 'video_files'), { recursive: true });
  const t0 = Date.UTC(2025, 2, 3, 18, 0, 0);
  const videos: DemoVideo[] = [];
  const messages: Record<string, unknown>[] = [];
  PLAN.forEach(([variant, scene, pre, vf, crf], i) => {
    const rel = `video_files/clip_${i + 1}.mp4`;
    const src = [
      '-f',
      'lavfi',
      ...pre,
      '-i',
      SCENES[scene],
      '-t',
      scene === 'pattern' && variant === 'trimmed' ? '5' : '6',
    ];
    ffmpeg([...src, ...(vf ? ['-vf', vf] : []), ...ENCODE, '-crf', String(crf), join(exportDir, rel)]);
    const poster = POSTERS[i % POSTERS.length]!;
    const t = t0 + i * 3_600_000;
    const postedAt = new Date(t).toISOString();
    videos.push({
      file: `exports/video-clips/${rel}`,
      scene,
      variant,
      known: scene === 'pattern',
      poster: `telegram:${poster}`,
      postedAt,
    });
    messages.push({
      id: 100 + i,
      type: 'message',
      date: postedAt.slice(0, 19),
      date_unixtime: String(t / 1000),
      from: NAMES[poster],
      from_id: poster,
      file: rel,
      media_type: 'video_file',
      mime_type: 'video/mp4',
      duration_seconds: 6,
      width: 480,
      height: 360,
      text: '',
    });
  });
  const chat = { name: 'Demo clips', type: 'private_group', id: 4242000001, messages };
  writeFileSync(join(exportDir, 'result.json'), JSON.stringify(chat, null, 1) + '\n');
  // The known list: the pattern scene's original, hashed at one frame per second like HMA.
  const original = join(
    exportDir,
    'video_files',
    `clip_${PLAN.findIndex(([v, s]) => v === 'original' && s === 'pattern') + 1}.mp4`,
  );
  const frames = (await vpdqOfVideo(original, { secondsPerHash: 1 })).frames;
  const listPath = join(out, 'hashlists', 'known-videos.txt');
  mkdirSync(join(out, 'hashlists'), { recursive: true });
  writeFileSync(listPath, `vpdq ${formatVpdqJson(frames)}\n`);
  const list = {
    path: 'hashlists/known-videos.txt',
    name: 'known-videos',
    format: 'hma' as const,
    role: 'alert' as const,
    file: listPath,
  };
  return { exportDir, listPath, list, listEntries: 1, videos };
}
