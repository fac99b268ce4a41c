// The hashing contract `vigie worker` builds on: `hashMediaItems` hashes exactly the media given and writes their
// results idempotently with the run id; `store.media.listUnhashed` says what is left. On both databases, with the
// same rows on both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { initCase } from '../src/app/init-case.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { hashMediaItems } from '../src/app/hash-items.js';
import { hashMedia } from '../src/app/hash-media.js';
import { DATABASES, databaseUrl } from './helpers/databases.js';
import { caseSql, insertMedia } from './helpers/case-session.js';

/** A benign generated picture: gradient and blocks. */
async function png(seed: number): Promise<Buffer> {
  const w = 96;
  const h = 64;
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const block = ((Math.floor(x / (8 + seed)) + Math.floor(y / 16)) & 1) * 90;
      px[i] = (x * 2 + block) & 255;
      px[i + 1] = (y * 3 + seed * 20) & 255;
      px[i + 2] = block;
    }
  return sharp(px, { raw: { width: w, height: h, channels: 3 } })
    .png()
    .toBuffer();
}

async function addMedia(ctx: CaseContext, bytes: Buffer, kind: string, mime: string): Promise<string> {
  const stored = ctx.evidence.putBytes(bytes);
  const s = await caseSql(ctx);
  try {
    await insertMedia(s, { sha256: stored.sha256, size: stored.size, kind, mime });
  } finally {
    await s.close();
  }
  return stored.sha256;
}

/** Everything hashing wrote, in a fixed order, without run ids (they differ between cases). */
async function written(ctx: CaseContext): Promise<unknown> {
  const s = await caseSql(ctx);
  try {
    return {
      signals: await s.all(
        'SELECT sha256, type, convention, value, quality FROM signal ORDER BY sha256, type, convention',
      ),
      exif: await s.all('SELECT sha256, make, model FROM media_exif ORDER BY sha256'),
      hashIssues: await s.all('SELECT sha256, code, message FROM media_hash_issue ORDER BY sha256'),
      issues: await s.all(`SELECT file, code, message FROM issue WHERE location = 'media' ORDER BY file`),
    };
  } finally {
    await s.close();
  }
}

const byKind = new Map<string, unknown>();

for (const kind of DATABASES) {
  test(`[${kind}] hashMediaItems hashes exactly the media given, idempotently, with the run id on each row`, async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vigie-items-')), 'case');
    await initCase({ dir, database: databaseUrl(kind) });
    const ctx = await openCase(dir);
    try {
      const a = await addMedia(ctx, await png(1), 'photo', 'image/png');
      const b = await addMedia(ctx, await png(2), 'file', 'image/png');
      const bad = await addMedia(ctx, (await png(3)).subarray(0, 120), 'photo', 'image/png');
      const all = [a, b, bad].sort();
      assert.deepEqual(await ctx.store.media.listUnhashed('full', null), all);
      const runId = await ctx.store.transaction((tx) => tx.runs.start('hash', { jobs: true }));
      const input = { runId, convention: 'full' as const, vpdqSize: null, secondsPerHash: 1 };
      const first = await hashMediaItems(ctx, { ...input, sha256s: [a, bad] });
      assert.equal(first.hashed, 2);
      assert.deepEqual(
        first.issues.map((i) => [i.source, i.code]),
        [[bad, 'MEDIA_UNDECODABLE']],
      );
      assert.deepEqual(
        await ctx.store.media.listUnhashed('full', null),
        [b],
        'only the media not given is left',
      );
      const once = await written(ctx);
      const again = await hashMediaItems(ctx, { ...input, sha256s: [bad, a] });
      assert.deepEqual(again, first, 'the same answer');
      assert.deepEqual(await written(ctx), once, 'the same rows: nothing duplicated');
      const s = await caseSql(ctx);
      const runIds = await s.all<{ run_id: string }>('SELECT DISTINCT run_id FROM signal');
      await s.close();
      assert.deepEqual(runIds, [{ run_id: runId }]);
      const batches = (await ctx.store.audit.list()).filter((e) => e.command === 'hash batch');
      assert.deepEqual(
        batches.map((e) => (JSON.parse(e.details) as { media: string[] }).media),
        [[a, bad].sort(), [a, bad].sort()],
        'each write has its audit event',
      );
      // The in-process path and `vigie hash` agree: hashMedia finishes the rest through the same parts.
      const r = await hashMedia(ctx, { workers: 1, thumbnails: false });
      assert.equal(r.total, 1);
      assert.deepEqual(await ctx.store.media.listUnhashed('full', null), []);
      byKind.set(kind, await written(ctx));
    } finally {
      await ctx.close();
    }
  });
}

test('hashing writes the same rows on SQLite and PostgreSQL', { skip: DATABASES.length < 2 }, () => {
  assert.ok(byKind.get('sqlite'));
  assert.deepEqual(byKind.get('postgres'), byKind.get('sqlite'));
});
