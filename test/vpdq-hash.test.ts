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
import { vpdqOfVideo } from '../src/pipeline/hash/video.js';
import { thumbnailRelPath } from '../src/pipeline/hash/thumbnail.js';
import { formatVpdqText } from '../src/signals/vpdq/index.js';
import { runCli } from './helpers/cli.js';
import { DATABASES, databaseUrl } from './helpers/databases.js';
import { caseSql, insertMedia } from './helpers/case-session.js';

const VIDEO = resolve('../shared/fixtures/vpdq/videos/pattern-sd-grey-bar.mp4');

async function addMedia(
  ctx: CaseContext,
  bytes: Uint8Array,
  kind: string,
  mime: string | null,
): Promise<string> {
  const stored = ctx.evidence.putBytes(bytes);
  const s = await caseSql(ctx);
  await insertMedia(s, { sha256: stored.sha256, size: stored.size, kind, mime });
  await s.close();
  return stored.sha256;
}

for (const kind of DATABASES) {
  test(`[${kind}] hashMedia stores vPDQ for videos (1 frame/s, native), a wellness strip, and issues for broken videos`, async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vigie-vpdq-hash-')), 'case');
    await initCase({ dir, name: 'vpdq', database: databaseUrl(kind) });
    const ctx = await openCase(dir);
    try {
      const video = await addMedia(ctx, readFileSync(VIDEO), 'video_file', 'video/mp4');
      const broken = await addMedia(ctx, Buffer.from('\0\0\0\x18ftypisom but nothing else'), 'file', null);
      const image = await addMedia(
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

      const sig = (await ctx.store.media.signalsOf(video)).find((s) => s.type === 'vpdq')!;
      const expected = await vpdqOfVideo(VIDEO, { secondsPerHash: 1 });
      assert.equal(sig.convention, 'native');
      assert.equal(sig.value, formatVpdqText(expected.frames));
      assert.equal(sig.value.split('\n').length, 7); // 206 frames at 30 fps: frames 0, 30, … 180
      assert.equal(sig.run_id, r.runId);
      assert.ok((await ctx.store.media.signalsOf(image)).some((s) => s.type === 'pdq'));
      assert.ok(!(await ctx.store.media.signalsOf(image)).some((s) => s.type === 'vpdq'));

      const strip = join(ctx.paths.derived, thumbnailRelPath(video));
      assert.ok(existsSync(strip));
      const meta = await sharp(strip).metadata();
      assert.equal(meta.format, 'webp');
      assert.ok(
        meta.width! > 2 * meta.height!,
        `a strip of frames side by side: ${meta.width}x${meta.height}`,
      );
      const stats = await sharp(strip).stats();
      const [red, green] = stats.channels;
      assert.ok(Math.abs(red!.mean - green!.mean) < 1, 'greyscale');

      const again = await hashMedia(ctx, {});
      assert.equal(again.total, 0);
      const small = await hashMedia(ctx, { vpdqSize: '128', workers: 1 });
      assert.deepEqual([small.total, small.videos], [1, 1]);
      const sizes = (await ctx.store.media.signalsOf(video))
        .filter((s) => s.type === 'vpdq')
        .map((s) => s.convention);
      assert.deepEqual(sizes, ['128', 'native']);
    } finally {
      await ctx.close();
    }
  });

  test(`[${kind}] vigie hash --vpdq-size none hashes videos’ bytes only; bad --vpdq-size is a usage error`, async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vigie-vpdq-hash-')), 'case');
    await initCase({ dir, database: databaseUrl(kind) });
    const ctx = await openCase(dir);
    const video = await addMedia(ctx, readFileSync(VIDEO), 'video_file', 'video/mp4');
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
      const sig = (await check.store.media.signalsOf(video)).find((s) => s.type === 'vpdq')!;
      assert.deepEqual(
        sig.value.split('\n').map((l) => l.split(',')[0]),
        ['0', '60', '120', '180'],
      );
    } finally {
      await check.close();
    }
  });
}
