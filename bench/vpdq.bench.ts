// vPDQ benchmark (npm run bench -- vpdq): vPDQ at one frame per second and every frame vs FFmpeg decoding the
// same video to raw frames alone (the floor), side by side in one run, on Meta's benign sample videos
// (5–23 s) and a generated 60 s 720p clip (MP4 headers are read in Node: no ffprobe start-up per video).
// CPU time = this process (PDQ, piping) + its children (ffprobe, ffmpeg), from /proc/self/stat; wall time too.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { vpdqOfVideo } from '../src/pipeline/hash/video.js';
import { FFMPEG } from '../src/pipeline/hash/video-probe.js';

const FIX = resolve('../shared/fixtures/vpdq/videos');
const VIDEOS = [
  'chair-orig-22-sd-bar',
  'pattern-hd-no-bar',
  'pattern-longer-no-bar',
  'test-padded-dimensions',
];
const REPS = Number(process.env['VIGIE_BENCH_REPS'] ?? 3);
const SECONDS = Number(process.env['VIGIE_BENCH_VPDQ_SECONDS'] ?? 60);

/** A benign synthetic clip (FFmpeg's testsrc2: moving colour bars, counters) of SECONDS at 720p30, H.264. */
function syntheticClip(dir: string): string {
  const out = join(dir, `testsrc2-720p-${SECONDS}s.mp4`);
  const r = spawnSync(FFMPEG, ['-v', 'error', '-nostdin', '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=30:duration=${SECONDS}`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-y', out]); // prettier-ignore
  if (r.status !== 0) throw new Error(r.stderr.toString());
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** CPU milliseconds of this process plus its reaped children (Linux /proc, 100 Hz ticks for children). */
function cpuMs(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  const children = (Number(f[13]) + Number(f[14])) * 10; // cutime + cstime (fields 16, 17)
  const own = process.cpuUsage();
  return children + (own.user + own.system) / 1000;
}

async function measure(f: () => Promise<unknown> | unknown): Promise<{ cpu: number; wall: number }> {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    await f();
    wall.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  return { cpu: median(cpu), wall: median(wall) };
}

function floor(path: string): void {
  const r = spawnSync(FFMPEG, ['-v', 'error', '-nostdin', '-filter_threads', '1', '-threads', '1', '-i', path, '-map', '0:v:0', '-an',
    '-fps_mode', 'passthrough', '-f', 'rawvideo', '-y', '/dev/null']); // prettier-ignore
  if (r.status !== 0) throw new Error(r.stderr.toString());
}

const tmp = mkdtempSync(join(tmpdir(), 'vigie-bench-vpdq-'));
const ONLY = process.env['VIGIE_BENCH_VPDQ_ONLY']; // a substring of the video names, to measure one while tuning
const inputs = [
  ...VIDEOS.map((n) => [n, join(FIX, `${n}.mp4`)]),
  ...(ONLY ? [] : [[`synthetic testsrc2 ${SECONDS} s`, syntheticClip(tmp)]]),
].filter(([n]) => !ONLY || n!.includes(ONLY));
const rows: string[] = [];
for (const [name, path] of inputs as [string, string][]) {
  floor(path); // warm the page cache
  const base = await measure(() => floor(path));
  let info = '';
  const one = await measure(async () => {
    const r = await vpdqOfVideo(path, { secondsPerHash: 1, threads: 1 });
    info = `${r.info.width}x${r.info.height}, ${r.info.duration?.toFixed(1)} s, ${r.frames.length} hashes`;
  });
  let every = 0;
  const all = await measure(async () => {
    every = (await vpdqOfVideo(path, { secondsPerHash: 0, threads: 1 })).frames.length;
  });
  const x = (a: number, b: number): string => `**${(a / b).toFixed(2)}×**`;
  rows.push(
    `| ${name} (${info}) | ${base.cpu.toFixed(0)} ms / ${base.wall.toFixed(0)} ms | ${one.cpu.toFixed(0)} ms / ${one.wall.toFixed(0)} ms | ${x(one.cpu, base.cpu)} / ${x(one.wall, base.wall)} | ${all.cpu.toFixed(0)} ms / ${all.wall.toFixed(0)} ms (${every} frames) | ${x(all.cpu, base.cpu)} / ${x(all.wall, base.wall)} |`,
  );
}
rmSync(tmp, { recursive: true, force: true });
const ff = spawnSync(FFMPEG, ['-version'])
  .stdout.toString()
  .split('\n')[0]
  ?.replace(/^ffmpeg version (\S+).*/, 'ffmpeg $1');
console.log(`## vPDQ hashing (\`npm run bench -- vpdq\`)

Command: \`npm run bench -- vpdq\` — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${ff}, ${new Date().toISOString().slice(0, 10)}.
Floor: \`ffmpeg -filter_threads 1 -threads 1 -i V -map 0:v:0 -an -fps_mode passthrough -f rawvideo /dev/null\` (decode every frame to raw frames, nothing else).
vPDQ: \`vpdqOfVideo\` with one decoder thread (MP4 header read in Node, else ffprobe; ffmpeg decode, select, swscale to RGB24, pipe, PDQ per kept frame). Medians of ${REPS} runs; CPU time includes the child processes.

| video | floor CPU / wall | vPDQ 1 frame/s CPU / wall | ratio CPU / wall | vPDQ every frame CPU / wall | ratio CPU / wall |
|---|---|---|---|---|---|
${rows.join('\n')}
`);
