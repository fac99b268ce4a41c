// The MP4/MOV header reader gives exactly ffprobe's size, average frame rate and duration (on Meta's samples and
// on generated clips: variable frame rate, 30000/1001 MOV, moov first or last), declines fragmented files, and
// vPDQ samples a variable-frame-rate clip as the reference does (frame n kept when n % int(fps) == 0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { probeMp4 } from '../src/pipeline/hash/mp4-probe.js';
import { FFMPEG, ffprobeVideo, probeVideo } from '../src/pipeline/hash/video-probe.js';
import { samplingStep, vpdqOfVideo } from '../src/pipeline/hash/video.js';

const FIX = resolve('../shared/fixtures/vpdq/videos');
const dir = mkdtempSync(join(tmpdir(), 'vigie-vpdq-probe-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** A benign generated clip (FFmpeg's testsrc2 pattern) with extra output options. */
function clip(name: string, input: string, out: string[]): string {
  const path = join(dir, name);
  const r = spawnSync(FFMPEG, ['-v', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', input, ...out, path]);
  assert.equal(r.status, 0, r.stderr.toString());
  return path;
}

const x264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'];
const clips = (): Record<string, string> => ({
  // 30 frames/s, but between 1 s and 3 s only every third frame is kept: variable frame rate (140 frames in 6 s).
  vfr: clip('vfr.mp4', 'testsrc2=size=320x240:rate=30:duration=6', [
    '-vf', "select='not(between(t\\,1\\,3))+not(mod(n\\,3))'", '-fps_mode', 'vfr', ...x264,
  ]), // prettier-ignore
  faststart: clip('fast.mp4', 'testsrc2=size=320x240:rate=25:duration=3', [
    ...x264,
    '-movflags',
    '+faststart',
  ]),
  ntsc: clip('ntsc.mov', 'testsrc2=size=322x242:rate=30000/1001:duration=3', ['-c:v', 'mpeg4']),
  fragmented: clip('frag.mp4', 'testsrc2=size=160x120:rate=24:duration=2', [
    ...x264,
    '-movflags',
    'frag_keyframe+empty_moov',
  ]),
});

test('the header reader agrees with ffprobe on every sample and generated clip; fragmented files go to ffprobe', async () => {
  const c = clips();
  const files = [...readdirSync(FIX).map((f) => join(FIX, f)), c['vfr']!, c['faststart']!, c['ntsc']!];
  for (const f of files) {
    const fromHeader = probeMp4(f);
    assert.ok(fromHeader, `${f}: read from the header`);
    assert.deepEqual(fromHeader, await ffprobeVideo(f), f);
  }
  assert.equal(probeMp4(c['fragmented']!), null);
  assert.deepEqual(await probeVideo(c['fragmented']!), await ffprobeVideo(c['fragmented']!));
  assert.equal(probeMp4(join(FIX, '..', 'SOURCES.md')), null, 'not ISO-BMFF');
  const vfr = probeMp4(c['vfr']!)!;
  assert.ok(vfr.fps > 23 && vfr.fps < 24, `average rate of the VFR clip: ${vfr.fps}`);

  // Sampling on the VFR clip: frame numbers are multiples of int(avg fps), timestamps n / avg fps.
  const all = (await vpdqOfVideo(c['vfr']!, { secondsPerHash: 0 })).frames;
  assert.equal(all.length, 140);
  const r = await vpdqOfVideo(c['vfr']!, { secondsPerHash: 1 });
  const k = samplingStep(1, vfr.fps);
  assert.equal(r.every, k);
  assert.deepEqual(
    r.frames.map((f) => f.frameNumber),
    all.filter((f) => f.frameNumber % k === 0).map((f) => f.frameNumber),
  );
  for (const f of r.frames) {
    assert.equal(f.timestamp, f.frameNumber / vfr.fps);
    assert.equal(f.hash, all[f.frameNumber]!.hash, `frame ${f.frameNumber}: the same pixels`);
  }
});
