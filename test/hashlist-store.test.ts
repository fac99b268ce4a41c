import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { initCase } from '../src/app/init-case.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { addHashList } from '../src/app/add-hashlist.js';
import { listHashListsUseCase } from '../src/app/list-hashlists.js';
import { removeHashListUseCase } from '../src/app/remove-hashlist.js';
import { isAppError } from '../src/domain/errors.js';
import { DATABASES, databaseUrl, type TestDatabase } from './helpers/databases.js';
import { caseSql } from './helpers/case-session.js';

const LISTS = resolve('../shared/standards/hash-lists');
const VICS = join(LISTS, 'vics-synthetic/vics-2.0-hashset-synthetic.json');

async function newCase(kind: TestDatabase): Promise<{ ctx: CaseContext; dir: string }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-hl-')), 'c');
  await initCase({ dir, database: databaseUrl(kind) });
  return { ctx: await openCase(dir), dir };
}

/** Rows of a direct query on the case's database. */
async function rows<T = Record<string, unknown>>(ctx: CaseContext, sql: string): Promise<T[]> {
  const s = await caseSql(ctx);
  try {
    return await s.all<T>(sql);
  } finally {
    await s.close();
  }
}

/** Row counts of what adding a list writes, and runs by status. */
async function counts(ctx: CaseContext): Promise<Record<string, number>> {
  const n = async (t: string): Promise<number> =>
    (await rows<{ n: number }>(ctx, `SELECT count(*) AS n FROM ${t}`))[0]!.n;
  return {
    lists: await n('hash_list'),
    versions: await n('hash_list_version'),
    entries: await n('hash_list_entry'),
    sources: await n('source'),
    evidence: await n('evidence'),
    audit: await n('audit_event'),
    okRuns: await n(`pipeline_run WHERE status = 'ok'`),
    failedRuns: await n(`pipeline_run WHERE status = 'failed'`),
    evidenceFiles: readdirSync(ctx.evidence.root).filter((f) => f.length === 2).length,
  };
}

for (const kind of DATABASES) {
  test(`[${kind}] adding a VICS list stores entries, the file as evidence and a source; the same file twice is a no-op`, async () => {
    const { ctx } = await newCase(kind);
    const r = await addHashList(ctx, { file: VICS, name: 'vic' });
    assert.equal(r.status, 'added');
    assert.equal(r.format, 'vics');
    assert.equal(r.entries, 10);
    assert.deepEqual(r.byType, { md5: 5, sha1: 5 });
    assert.ok(ctx.evidence.has(r.sha256));
    const src = await rows(ctx, `SELECT kind, sha256, label FROM source WHERE id = '${r.sourceId}'`);
    assert.deepEqual(src, [{ kind: 'hash-list', sha256: r.sha256, label: 'vic' }]);
    const before = await counts(ctx);
    const again = await addHashList(ctx, { file: VICS, name: 'vic' });
    assert.equal(again.status, 'unchanged');
    assert.deepEqual(await counts(ctx), before);
    const audit = await rows(
      ctx,
      `SELECT command, subject FROM audit_event WHERE command LIKE 'hashlist%' ORDER BY seq`,
    );
    assert.deepEqual(audit, [{ command: 'hashlist add', subject: 'vic' }]);
    await ctx.close();
  });

  test(`[${kind}] malformed lists fail with their line or byte and change nothing`, async () => {
    const { ctx } = await newCase(kind);
    await addHashList(ctx, { file: VICS, name: 'vic' });
    const before = await counts(ctx);
    const tmp = mkdtempSync(join(tmpdir(), 'vigie-bad-'));
    const text = join(tmp, 'bad.txt');
    writeFileSync(text, `${'a'.repeat(32)}\n${'b'.repeat(32)}\nzz-not-hex\n`);
    await assert.rejects(
      addHashList(ctx, { file: text, name: 'bad' }),
      (e) => isAppError(e, 'HASHLIST_INVALID') && /bad\.txt: line 3: /.test(e.message),
    );
    const json = join(tmp, 'bad.json');
    writeFileSync(json, readFileSync(VICS, 'utf8').replace('"MediaID": 3,', '"MediaID": 3,,'));
    await assert.rejects(
      addHashList(ctx, { file: json, name: 'vic' }),
      (e) => isAppError(e, 'HASHLIST_INVALID') && /bad\.json: byte \d+: /.test(e.message),
    );
    assert.deepEqual(await counts(ctx), before, 'not even a failed run');
    assert.equal(
      (await listHashListsUseCase(ctx)).lists[0]!.version,
      1,
      'the failed replacement left version 1 in place',
    );
    await assert.rejects(
      addHashList(ctx, { file: VICS, name: 'x', role: 'ignore' }),
      (e) => isAppError(e, 'USAGE') && /categorised VICS/.test(e.message),
    );
    await assert.rejects(addHashList(ctx, { file: join(tmp, 'missing.txt'), name: 'm' }), (e) =>
      isAppError(e, 'FILE_NOT_FOUND'),
    );
    assert.deepEqual(await counts(ctx), before);
    await ctx.close();
  });

  test(`[${kind}] a replacement with fewer than half the entries needs replace (HASHLIST_SHRINK changes nothing)`, async () => {
    const { ctx } = await newCase(kind);
    const tmp = mkdtempSync(join(tmpdir(), 'vigie-shrink-'));
    const full = join(tmp, 'full.txt');
    const small = join(tmp, 'small.txt');
    writeFileSync(full, ['a', 'b', 'c', 'd', 'e'].map((c) => `${c.repeat(32)}\n`).join(''));
    writeFileSync(small, `${'f'.repeat(32)}\n${'a'.repeat(32)}\n`);
    await addHashList(ctx, { file: full, name: 'unit' });
    const before = await counts(ctx);
    await assert.rejects(
      addHashList(ctx, { file: small, name: 'unit' }),
      (e) =>
        isAppError(e, 'HASHLIST_SHRINK') &&
        /small\.txt: list 'unit' has 5 entries and this file 2 .*--replace/.test(e.message),
    );
    assert.deepEqual(await counts(ctx), before, 'nothing was changed');
    const r = await addHashList(ctx, { file: small, name: 'unit', replace: true });
    assert.deepEqual([r.status, r.version, r.entries], ['replaced', 2, 2]);
    const after = await counts(ctx);
    assert.deepEqual(
      [after.entries, after.versions, after.okRuns, after.audit],
      [2, 2, before.okRuns! + 1, before.audit! + 1],
    );
    await ctx.close();
  });

  test(`[${kind}] a newer file under the same name replaces the entries and keeps the history; remove keeps history too`, async () => {
    const { ctx } = await newCase(kind);
    const tmp = mkdtempSync(join(tmpdir(), 'vigie-v-'));
    const v1 = join(tmp, 'v1.txt');
    const v2 = join(tmp, 'v2.txt');
    writeFileSync(v1, `${'a'.repeat(32)}\n${'b'.repeat(32)}\n`);
    writeFileSync(v2, `${'c'.repeat(40)}\n`);
    await addHashList(ctx, { file: v1, name: 'unit' });
    const r2 = await addHashList(ctx, { file: v2, name: 'unit', role: 'ignore' });
    assert.deepEqual([r2.status, r2.version, r2.entries, r2.role], ['replaced', 2, 1, 'ignore']);
    const { lists } = await listHashListsUseCase(ctx);
    assert.equal(lists.length, 1);
    assert.deepEqual(lists[0]!.byType, { sha1: 1 });
    assert.deepEqual(
      lists[0]!.history.map((h) => [h.version, h.status, h.entries]),
      [
        [1, 'replaced', 2],
        [2, 'current', 1],
      ],
    );
    const rm = await removeHashListUseCase(ctx, { name: 'unit' });
    assert.deepEqual(rm, { name: 'unit', version: 2, entriesRemoved: 1 });
    const after = await listHashListsUseCase(ctx);
    assert.deepEqual(after.lists, []);
    assert.deepEqual(after.removed, [{ name: 'unit', versions: 2 }]);
    await assert.rejects(removeHashListUseCase(ctx, { name: 'unit' }), (e) =>
      isAppError(e, 'HASHLIST_NOT_FOUND'),
    );
    const r3 = await addHashList(ctx, { file: v1, name: 'unit' });
    assert.deepEqual([r3.status, r3.version], ['added', 3], 'numbering continues after removal');
    const cmds = await rows(
      ctx,
      `SELECT command FROM audit_event WHERE command LIKE 'hashlist%' ORDER BY seq`,
    );
    assert.deepEqual(
      cmds.map((c) => (c as { command: string }).command),
      ['hashlist add', 'hashlist add', 'hashlist remove', 'hashlist add'],
    );
    await ctx.close();
  });

  test(`[${kind}] HMA and NCMEC files through addHashList: video_md5 matches the media MD5, same-file tombstones drop entries`, async () => {
    const { ctx } = await newCase(kind);
    const media = 'e'.repeat(64);
    const sql = await caseSql(ctx);
    await sql.run(`INSERT INTO media (sha256, kind, mime, size) VALUES (?, 'video', 'video/mp4', 10)`, [
      media,
    ]);
    await sql.run(
      `INSERT INTO signal (sha256, type, convention, value) VALUES (?, 'md5', '', 'eb70a43e0618b7b58e338770f6a367c4')`,
      [media],
    );
    await sql.close();
    const hma = await addHashList(ctx, {
      file: join(LISTS, 'threatexchange/file-api-sample-synthetic.txt'),
      name: 'te',
    });
    assert.deepEqual(
      [hma.format, hma.entries, hma.byType, hma.matches],
      ['hma', 3, { md5: 1, pdq: 2 }, { exact: 1, pdq: 0 }],
    );
    const tmp = mkdtempSync(join(tmpdir(), 'vigie-ncmec-'));
    const xml = join(tmp, 'feed.xml');
    const image = (id: string, md5: string): string =>
      `<image><member id="1">m</member><timestamp>2024-01-01T00:00:00Z</timestamp><id>${id}</id><classification>B2</classification><fingerprints><md5>${md5}</md5></fingerprints></image>`;
    writeFileSync(
      xml,
      `<?xml version="1.0"?>\n<queryResult xmlns="https://hashsharing.ncmec.org/hashsharing/v2"><images count="3">\n${image('i1', 'a'.repeat(32))}\n${image('i2', 'b'.repeat(32))}\n<deletedImage><member id="1">m</member><id>i2</id></deletedImage></images></queryResult>\n`,
    );
    const nc = await addHashList(ctx, { file: xml, name: 'ncmec' });
    assert.deepEqual([nc.format, nc.entries], ['ncmec', 1]);
    const entries = await rows(
      ctx,
      `SELECT record_id, category, scheme, position FROM hash_list_entry WHERE list_name = 'ncmec'`,
    );
    assert.deepEqual(entries, [{ record_id: 'i1', category: 'B2', scheme: 'NCMEC', position: null }]);
    await ctx.close();
  });
}
