// `hashMedia` on a real case: crypto for every media, PDQ + EXIF + thumbnails for images, issues for bad
// files, signals stored with their run, audit event, resumable after a kill. Runs the worker pool under tsx.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import sharp from 'sharp';
import { initCase } from '../src/app/init-case.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { hashMedia } from '../src/app/hash-media.js';
import { PDQ_DIHEDRAL_TYPE } from '../src/store/signals.js';
import { DATABASES, databaseUrl, type TestDatabase } from './helpers/databases.js';
import { caseSql, insertMedia } from './helpers/case-session.js';
import { pdqOfFile } from '../src/pipeline/hash/pdq-file.js';
import { thumbnailRelPath } from '../src/pipeline/hash/thumbnail.js';
import { runHashPool } from '../src/pipeline/hash/pool.js';

/** A benign generated picture (gradient, blocks, disc, noise) as raw RGB. */
function picture(w: number, h: number, seed: number): Buffer {
  const px = Buffer.alloc(w * h * 3);
  let s = seed;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const disc = (x - (w * (seed % 5)) / 5) ** 2 + (y - h / 2) ** 2 < (w / 6) ** 2 ? 100 : 0;
      const block = ((Math.floor(x / (w / (3 + seed))) + Math.floor(y / (h / 4))) & 1) * 70;
      const i = (y * w + x) * 3;
      px[i] = Math.min(255, Math.floor((x * 100) / w) + disc + block);
      px[i + 1] = Math.min(255, Math.floor((y * 100) / h) + block);
      px[i + 2] = ((s >>> 24) & 0x3f) + disc;
    }
  }
  return px;
}

async function jpeg(seed: number, exif?: Record<string, Record<string, string>>): Promise<Buffer> {
  let img = sharp(picture(240, 160, seed), { raw: { width: 240, height: 160, channels: 3 } });
  if (exif) img = img.withExif(exif);
  return img.jpeg({ quality: 85 }).toBuffer();
}

async function addMedia(
  ctx: CaseContext,
  bytes: Uint8Array,
  kind: string,
  mime: string | null,
): Promise<string> {
  const stored = ctx.evidence.putBytes(bytes);
  const s = await caseSql(ctx);
  try {
    await insertMedia(s, { sha256: stored.sha256, size: stored.size, kind, mime });
  } finally {
    await s.close();
  }
  return stored.sha256;
}

/** Rows of a direct query on the case's database. */
async function rows<T = Record<string, unknown>>(
  ctx: CaseContext,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const s = await caseSql(ctx);
  try {
    return await s.all<T>(sql, params);
  } finally {
    await s.close();
  }
}

async function newCase(kind: TestDatabase): Promise<CaseContext> {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-hash-')), 'case');
  await initCase({ dir, name: 'hash test', database: databaseUrl(kind) });
  return await openCase(dir);
}

for (const kind of DATABASES) {
  test(`[${kind}] hashMedia hashes every media: crypto for all, PDQ/EXIF/thumbnail for images, issues for bad files`, async () => {
    const ctx = await newCase(kind);
    try {
      const withExif = await jpeg(1, {
        IFD0: { Make: 'Acme', Model: 'Cam 3' },
        IFD2: { DateTimeOriginal: '2023:04:05 06:07:08', OffsetTimeOriginal: '+02:00' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '48/1 51/1 2406/100',
          GPSLongitudeRef: 'E',
          GPSLongitude: '2/1 21/1 324/100',
        },
      });
      const photo = await addMedia(ctx, withExif, 'photo', 'image/jpeg');
      const png = await addMedia(
        ctx,
        await sharp(picture(100, 90, 2), { raw: { width: 100, height: 90, channels: 3 } })
          .png()
          .toBuffer(),
        'file',
        'image/png',
      );
      const good = await jpeg(3, { IFD0: { Make: 'Trunc', Model: 'T1' } });
      const truncated = await addMedia(ctx, good.subarray(0, good.length >> 1), 'photo', 'image/jpeg');
      const video = await addMedia(
        ctx,
        Buffer.from('\0\0\0\x18ftypmp42 not really a video'),
        'video',
        'video/mp4',
      );
      const text = await addMedia(
        ctx,
        Buffer.from('just some bytes labelled as an image'),
        'photo',
        'image/jpeg',
      );

      const progress: number[] = [];
      const r = await hashMedia(ctx, { workers: 2, onProgress: (d) => progress.push(d) });
      assert.equal(r.total, 5);
      assert.equal(r.hashed, 5);
      assert.equal(r.images, 2);
      assert.deepEqual(progress, [1, 2, 3, 4, 5]);
      // The fake video (video/mp4 that FFmpeg cannot read) is an issue too: its vPDQ could not be computed.
      assert.deepEqual(
        r.issues.map((i) => [i.source, i.code]),
        [
          [truncated, 'MEDIA_UNDECODABLE'],
          [video, 'MEDIA_UNDECODABLE'],
        ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
      );

      for (const [sha, bytes] of [[video, Buffer.from('\0\0\0\x18ftypmp42 not really a video')]] as const) {
        const sigs = Object.fromEntries((await ctx.store.media.signalsOf(sha)).map((s) => [s.type, s.value]));
        assert.deepEqual(sigs, {
          md5: createHash('md5').update(bytes).digest('hex'),
          sha1: createHash('sha1').update(bytes).digest('hex'),
          sha256: sha,
        });
      }
      assert.deepEqual(
        (await ctx.store.media.signalsOf(text)).map((s) => s.type),
        ['md5', 'sha1', 'sha256'],
      );

      const sigs = await ctx.store.media.signalsOf(photo);
      const pdq = sigs.find((s) => s.type === 'pdq')!;
      const expected = await pdqOfFile(ctx.evidence.pathOf(photo), { dihedral: true });
      assert.equal(pdq.convention, 'full');
      assert.equal(pdq.value, expected.hash);
      assert.equal(pdq.quality, expected.quality);
      assert.equal(pdq.run_id, r.runId);
      const dih = sigs.find((s) => s.type === PDQ_DIHEDRAL_TYPE)!;
      assert.equal(dih.value, Object.values(expected.dihedral!).join(','));

      const exif = (await rows(ctx, 'SELECT * FROM media_exif WHERE sha256 = ?', [photo]))[0]!;
      assert.equal(exif['make'], 'Acme');
      assert.equal(exif['model'], 'Cam 3');
      assert.equal(exif['taken_at'], '2023-04-05T06:07:08+02:00');
      assert.ok(Math.abs((exif['gps_lat'] as number) - (48 + 51 / 60 + 24.06 / 3600)) < 1e-6);
      assert.ok(Math.abs((exif['gps_lon'] as number) - (2 + 21 / 60 + 3.24 / 3600)) < 1e-6);
      assert.deepEqual(await rows(ctx, 'SELECT count(*) AS n FROM media_exif'), [{ n: 2 }]);
      // EXIF is kept even when the pixels cannot be decoded.
      assert.deepEqual(await rows(ctx, 'SELECT make, model FROM media_exif WHERE sha256 = ?', [truncated]), [
        { make: 'Trunc', model: 'T1' },
      ]);

      for (const sha of [photo, png]) {
        assert.ok(!existsSync(join(ctx.paths.derived, thumbnailRelPath(sha))), 'no thumbnail file');
        const stored = await rows<{ webp: Uint8Array; run_id: string }>(
          ctx,
          'SELECT webp, run_id FROM thumbnail WHERE sha256 = ?',
          [sha],
        );
        assert.equal(stored[0]?.run_id, r.runId);
        const thumb = Buffer.from(stored[0]!.webp);
        const m = await sharp(thumb).metadata();
        assert.ok(Math.max(m.width ?? 0, m.height ?? 0) <= 160);
        const st = await sharp(thumb).stats();
        const [rC, gC, bC] = st.channels;
        assert.ok(rC && gC && bC, 'three channels');
        assert.ok(
          Math.abs(rC.mean - gC.mean) < 1 && Math.abs(gC.mean - bC.mean) < 1,
          `greyscale: ${rC.mean} ${gC.mean} ${bC.mean}`,
        );
      }
      assert.deepEqual(await rows(ctx, 'SELECT sha256 FROM thumbnail WHERE sha256 = ?', [truncated]), []);

      const issueRows = await rows(ctx, 'SELECT code, run_id FROM media_hash_issue WHERE sha256 = ?', [
        truncated,
      ]);
      assert.deepEqual(issueRows, [{ code: 'MEDIA_UNDECODABLE', run_id: r.runId }]);
      const run = (await ctx.store.runs.get(r.runId!))!;
      assert.equal(run.status, 'issues');
      assert.equal(JSON.parse(run.stats).images, 2);
      const audit = (await ctx.store.audit.list()).at(-1)!;
      assert.equal(audit.command, 'hash');
      assert.equal(audit.subject, r.runId);

      // Nothing left: a second run does nothing. A cli512 run re-hashes only the decodable images.
      assert.equal((await hashMedia(ctx, { workers: 1 })).total, 0);
      assert.deepEqual(await ctx.store.media.listUnhashed('cli512', null), [photo, png].sort());
      const r2 = await hashMedia(ctx, { workers: 1, convention: 'cli512' });
      assert.equal(r2.images, 2);
      assert.deepEqual(await ctx.store.media.hashCounts(), { media: 5, hashed: 5, pdq: 2, issues: 2 });
    } finally {
      await ctx.close();
    }
  });

  test(`[${kind}] a missing or altered evidence file is an issue, not a crash`, async () => {
    const ctx = await newCase(kind);
    try {
      const sha = 'ab'.repeat(32);
      const s = await caseSql(ctx);
      await s.run('INSERT INTO media (sha256, kind, mime, size) VALUES (?, ?, ?, ?)', [
        sha,
        'photo',
        'image/jpeg',
        10,
      ]);
      await s.close();
      const r = await hashMedia(ctx, { workers: 1 });
      assert.deepEqual(
        r.issues.map((i) => i.code),
        ['FILE_NOT_FOUND'],
      );
      assert.equal((await hashMedia(ctx, { workers: 1 })).total, 0, 'settled by its issue');
    } finally {
      await ctx.close();
    }
  });
}

// SQLite only: its commits complete before the next worker result is delivered, so "after the 5th result" is
// exactly "after two committed batches"; on PostgreSQL the second commit may still be on the wire.
test('hashing resumes after a kill: committed batches stay, the rest is hashed by the next run', async () => {
  const ctx = await newCase('sqlite');
  const all: string[] = [];
  for (let i = 0; i < 8; i++) all.push(await addMedia(ctx, await jpeg(10 + i), 'photo', 'image/jpeg'));
  const dir = ctx.paths.dir;
  await ctx.close();
  // A child process hashes with batches of 2 and SIGKILLs itself after its 5th result.
  const script = join(mkdtempSync(join(tmpdir(), 'vigie-kill-')), 'kill.mts');
  writeFileSync(
    script,
    `import { openCase } from ${JSON.stringify(resolve('src/app/context.ts'))};
     import { hashMedia } from ${JSON.stringify(resolve('src/app/hash-media.ts'))};
     const ctx = await openCase(${JSON.stringify(dir)});
     await hashMedia(ctx, { workers: 1, batchSize: 2, onProgress: (d) => { if (d === 5) process.kill(process.pid, 'SIGKILL'); } });`,
  );
  const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
  assert.equal(child.signal, 'SIGKILL', child.stderr);
  const again = await openCase(dir);
  try {
    assert.equal((await again.store.media.hashCounts()).pdq, 4, 'two batches of two were committed');
    const runs = (await again.store.runs.list()).filter((x) => x.stage === 'hash').map((x) => x.status);
    assert.deepEqual(runs, ['interrupted'], 'the dead run is marked when the case is reopened');
    const batches = (await again.store.audit.list()).filter((e) => e.command === 'hash batch');
    assert.deepEqual(
      batches.map((b) => (JSON.parse(b.details) as { media: string[] }).media.length),
      [2, 2],
      'each committed batch has its audit event',
    );
    const r = await hashMedia(again, { workers: 2 });
    assert.equal(r.total, 4);
    assert.equal((await again.store.media.hashCounts()).pdq, 8);
  } finally {
    await again.close();
  }
});

test('a failing result handler stops the pool and rejects (no process crash)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-pool-'));
  const file = join(dir, 'a.jpg');
  const bytes = await jpeg(30);
  writeFileSync(file, bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const jobs = [1, 2, 3].map(() => ({ sha256, path: file, convention: 'full' as const }));
  await assert.rejects(
    runHashPool(jobs, 2, () => {
      throw new Error('disk full');
    }),
    /disk full/,
  );
});
