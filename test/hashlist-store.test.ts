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

const LISTS = resolve('../shared/standards/hash-lists');
const VICS = join(LISTS, 'vics-synthetic/vics-2.0-hashset-synthetic.json');

async function newCase(): Promise<{ ctx: CaseContext; dir: string }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-hl-')), 'c');
  await initCase({ dir });
  return { ctx: await openCase(dir), dir };
}

function counts(ctx: CaseContext): Record<string, number> {
  const n = (t: string): number =>
    (ctx.db.raw.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  return {
    lists: n('hash_list'),
    versions: n('hash_list_version'),
    entries: n('hash_list_entry'),
    sources: n('source'),
    evidence: n('evidence'),
    audit: n('audit_event'),
    runs: n('pipeline_run'),
    evidenceFiles: readdirSync(ctx.evidence.root).filter((f) => f.length === 2).length,
  };
}

test('adding a VICS list stores entries, the file as evidence and a source; the same file twice is a no-op', async () => {
  const { ctx } = await newCase();
  const r = await addHashList(ctx, { file: VICS, name: 'vic' });
  assert.equal(r.status, 'added');
  assert.equal(r.format, 'vics');
  assert.equal(r.entries, 10);
  assert.deepEqual(r.byType, { md5: 5, sha1: 5 });
  assert.ok(ctx.evidence.has(r.sha256));
  const src = ctx.db.raw.prepare('SELECT kind, sha256, label FROM source WHERE id = ?').get(r.sourceId);
  assert.deepEqual(src, { kind: 'hash-list', sha256: r.sha256, label: 'vic' });
  const before = counts(ctx);
  const again = await addHashList(ctx, { file: VICS, name: 'vic' });
  assert.equal(again.status, 'unchanged');
  assert.deepEqual(counts(ctx), before);
  const audit = ctx.db.raw
    .prepare(`SELECT command, subject FROM audit_event WHERE command LIKE 'hashlist%'`)
    .all();
  assert.deepEqual(audit, [{ command: 'hashlist add', subject: 'vic' }]);
  await ctx.close();
});

test('malformed lists fail with their line or byte and change nothing', async () => {
  const { ctx } = await newCase();
  await addHashList(ctx, { file: VICS, name: 'vic' });
  const before = counts(ctx);
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
  assert.deepEqual(counts(ctx), before);
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
  assert.deepEqual(counts(ctx), before);
  await ctx.close();
});

test('a newer file under the same name replaces the entries and keeps the history; remove keeps history too', async () => {
  const { ctx } = await newCase();
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
  const cmds = ctx.db.raw
    .prepare(`SELECT command FROM audit_event WHERE command LIKE 'hashlist%' ORDER BY seq`)
    .all();
  assert.deepEqual(
    cmds.map((c) => (c as { command: string }).command),
    ['hashlist add', 'hashlist add', 'hashlist remove', 'hashlist add'],
  );
  await ctx.close();
});

test('HMA and NCMEC files through addHashList: video_md5 matches the media MD5, same-file tombstones drop entries', async () => {
  const { ctx } = await newCase();
  const raw = ctx.db.raw;
  const media = 'e'.repeat(64);
  raw.prepare(`INSERT INTO media (sha256, kind, mime, size) VALUES (?, 'video', 'video/mp4', 10)`).run(media);
  raw
    .prepare(
      `INSERT INTO signal (sha256, type, convention, value) VALUES (?, 'md5', '', 'eb70a43e0618b7b58e338770f6a367c4')`,
    )
    .run(media);
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
  const rows = raw
    .prepare(`SELECT record_id, category, scheme, position FROM hash_list_entry WHERE list_name = 'ncmec'`)
    .all();
  assert.deepEqual(rows, [{ record_id: 'i1', category: 'B2', scheme: 'NCMEC', position: null }]);
  await ctx.close();
});
