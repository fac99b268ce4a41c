// `vigie hash` on videos: vPDQ frames stored as a `vpdq` signal per size convention with the run, a blurred
// greyscale wellness strip, FFmpeg's message as the per-item issue of an unreadable video, resumability.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { initCase } from '../src/app/init-case.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { hashMedia } from '../src/app/hash-media.js';
import { recordEvidence } from '../src/store/evidence-index.js';
import { signalsOf } from '../src/store/signals.js';
import { vpdqOfVideo } from '../src/pipeline/hash/video.js';
import { thumbnailRelPath } from '../src/pipeline/hash/thumbnail.js';
import { formatVpdqText } from '../src/signals/vpdq/index.js';
import { runCli } from './helpers/cli.js';

const VIDEO = resolve('../shared/fixtures/vpdq/videos/pattern-sd-grey-bar.mp4');

function addMedia(ctx: CaseContext, bytes: Uint8Array, kind: string, mime: string | null): string {
  const stored = ctx.evidence.putBytes(bytes);
  recordEvidence(ctx.db.raw, stored.sha256, stored.size);
  ctx.db.raw
    .prepare('INSERT INTO media (sha256, kind, mime, size) VALUES (?, ?, ?, ?)')
    .run(stored.sha256, kind, mime, stored.size);
  return stored.sha256;
}

test('hashMedia stores vPDQ for videos (1 frame/s, native), a wellness strip, and issues for broken videos', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-vpdq-hash-')), 'case');
  await initCase({ dir, name: 'vpdq' });
  const ctx = await openCase(dir);
  try {
    const video = addMedia(ctx, readFileSync(VIDEO), 'video_file', 'video/mp4');
    const broken = addMedia(ctx, Buffer.from('\0\0\0\x18ftypisom but nothing else'), 'file', null);
    const image = addMedia(
      ctx,
      await sharp({ create: { width: 64, height: 48, channels: 3, background: '#4080c0' } })
        .png()
        .toBuffer(),
      'photo',
      'image/png',
    );
    const r = await hashMedia(ctx, { workers: 2 });
    assert.deepEqual([r.total, r.hashed, r.images, r.videos], [3, 3, 1, 1]);
    assert.deepEqual(
      r.issues.map((i) => [i.source, i.code]),
      [[broken, 'MEDIA_UNDECODABLE']],
    );
    assert.match(r.issues[0]!.message, /ffprobe: .*(moov atom not found|Invalid data)/);

    const sig = signalsOf(ctx.db.raw, video).find((s) => s.type === 'vpdq')!;
    const expected = await vpdqOfVideo(VIDEO, { secondsPerHash: 1 });
    assert.equal(sig.convention, 'native');
    assert.equal(sig.value, formatVpdqText(expected.frames));
    assert.equal(sig.value.split('\n').length, 7); // 206 frames at 30 fps: frames 0, 30, … 180
    assert.equal(sig.run_id, r.runId);
    assert.ok(signalsOf(ctx.db.raw, image).some((s) => s.type === 'pdq'));
    assert.ok(!signalsOf(ctx.db.raw, image).some((s) => s.type === 'vpdq'));

    const strip = join(ctx.paths.derived, thumbnailRelPath(video));
    assert.ok(existsSync(strip));
    const meta = await sharp(strip).metadata();
    assert.equal(meta.format, 'webp');
    assert.ok(meta.width! > 2 * meta.height!, `a strip of frames side by side: ${meta.width}x${meta.height}`);
    const stats = await sharp(strip).stats();
    const [red, green] = stats.channels;
    assert.ok(Math.abs(red!.mean - green!.mean) < 1, 'greyscale');

    const again = await hashMedia(ctx, {});
    assert.equal(again.total, 0);
    const small = await hashMedia(ctx, { vpdqSize: '128', workers: 1 });
    assert.deepEqual([small.total, small.videos], [1, 1]);
    const sizes = signalsOf(ctx.db.raw, video)
      .filter((s) => s.type === 'vpdq')
      .map((s) => s.convention);
    assert.deepEqual(sizes, ['128', 'native']);
  } finally {
    await ctx.close();
  }
});

test('vigie hash --vpdq-size none hashes videos’ bytes only; bad --vpdq-size is a usage error', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-vpdq-hash-')), 'case');
  await initCase({ dir });
  const ctx = await openCase(dir);
  const video = addMedia(ctx, readFileSync(VIDEO), 'video_file', 'video/mp4');
  await ctx.close();
  assert.equal((await runCli(['--case', dir, 'hash', '--vpdq-size', '64'])).code, 2);
  const r = await runCli(['--case', dir, '--json', 'hash', '--vpdq-size', 'none']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { videos: number }).videos, 0);
  const v = await runCli(['--case', dir, '--json', 'hash', '--seconds-per-hash', '2']);
  assert.equal(v.code, 0, v.stderr);
  assert.equal((JSON.parse(v.stdout) as { videos: number }).videos, 1);
  const check = await openCase(dir);
  try {
    const sig = signalsOf(check.db.raw, video).find((s) => s.type === 'vpdq')!;
    assert.deepEqual(
      sig.value.split('\n').map((l) => l.split(',')[0]),
      ['0', '60', '120', '180'],
    );
  } finally {
    await check.close();
  }
});
