// `vigie hash` through the built CLI: the worker pool runs from dist/ (worker.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { runCli } from './helpers/cli.js';
import { DATABASES, databaseUrl } from './helpers/databases.js';
import { caseSql, insertMedia } from './helpers/case-session.js';

async function shape(seed: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="150">
    <rect width="200" height="150" fill="rgb(${(seed * 40) % 255},90,160)"/>
    <circle cx="${40 + seed * 20}" cy="70" r="35" fill="white"/>
    <rect x="120" y="${20 + seed * 10}" width="50" height="60" fill="black"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg().toBuffer();
}

for (const kind of DATABASES)
  test(`[${kind}] vigie hash hashes the case with workers from dist/, then has nothing left to do`, async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vigie-hashcli-')), 'case');
    await initCase({ dir, database: databaseUrl(kind) });
    const ctx = await openCase(dir);
    const sql = await caseSql(ctx);
    for (let i = 0; i < 4; i++) {
      const s = ctx.evidence.putBytes(await shape(i));
      await insertMedia(sql, { sha256: s.sha256, size: s.size, kind: 'photo', mime: 'image/jpeg' });
    }
    const v = ctx.evidence.putBytes(Buffer.from('not a video, but stored as one'));
    await insertMedia(sql, { sha256: v.sha256, size: v.size, kind: 'video', mime: 'video/mp4' });
    await sql.close();
    await ctx.close();

    const r = await runCli(['--case', dir, '--json', 'hash', '--workers', '2']);
    assert.equal(r.code, 3, r.stderr); // the fake video is an issue: FFmpeg cannot read it
    assert.match(r.stderr, /MEDIA_UNDECODABLE: .*ffprobe/);
    const out = JSON.parse(r.stdout) as { total: number; hashed: number; images: number; workers: number };
    assert.deepEqual([out.total, out.hashed, out.images, out.workers], [5, 5, 4, 2]);
    const again = await runCli(['--case', dir, 'hash']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /hashed 0 of 0 media/);
    const cli = await runCli(['--case', dir, 'hash', '--pdq-convention', 'cli512', '--workers', '1']);
    assert.match(cli.stdout, /hashed 4 of 4 media \(4 images with PDQ cli512/);
    const check = await openCase(dir);
    try {
      assert.deepEqual(await check.store.media.hashCounts(), { media: 5, hashed: 5, pdq: 4, issues: 1 });
    } finally {
      await check.close();
    }
    const bad = await runCli(['--case', dir, 'hash', '--workers', '0']);
    assert.equal(bad.code, 2);
  });
