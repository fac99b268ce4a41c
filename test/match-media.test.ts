import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { initCase } from '../src/app/init-case.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { addHashList } from '../src/app/add-hashlist.js';
import { matchMedia } from '../src/app/match-media.js';
import { listMedia } from '../src/app/list-media.js';
import { showMedia } from '../src/app/show-media.js';
import { removeHashListUseCase } from '../src/app/remove-hashlist.js';
import { caseStats } from '../src/app/case-stats.js';
import { DATABASES, databaseUrl } from './helpers/databases.js';
import { caseSql } from './helpers/case-session.js';

const VICS = resolve('../shared/standards/hash-lists/vics-synthetic/vics-2.0-hashset-synthetic.json');
const HAYSTACK = resolve('../shared/fixtures/pdq/index/haystack.txt');
const NEEDLES = readFileSync(resolve('../shared/fixtures/pdq/index/needles.txt'), 'utf8').trim().split('\n');
const sha = (c: string): string => c.repeat(64);

/** A media row with signals, as hashing would have left it (direct SQL: the test's own setup). */
async function addMedia(
  ctx: CaseContext,
  sha256: string,
  signals: [string, string, string, number | null][],
): Promise<void> {
  const s = await caseSql(ctx);
  await s.run(`INSERT INTO media (sha256, kind, mime, size) VALUES (?, 'image', 'image/jpeg', 1000)`, [
    sha256,
  ]);
  const ins = 'INSERT INTO signal (sha256, type, convention, value, quality) VALUES (?, ?, ?, ?, ?)';
  for (const [type, convention, value, quality] of signals)
    await s.run(ins, [sha256, type, convention, value, quality]);
  if (signals.length) await s.run(ins, [sha256, 'sha256', '', sha256, null]);
  await s.close();
}

/** `vigie media --json` of each database, to compare. */
const listings = new Map<string, unknown>();

for (const kind of DATABASES) {
  test(`[${kind}] matching is retroactive both ways, explains each match, and status follows list roles`, async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vigie-m-')), 'c');
    await initCase({ dir, database: databaseUrl(kind) });
    const ctx = await openCase(dir);
    // Media hashed before any list: A carries the MD5 of VICS MediaID 2.
    await addMedia(ctx, sha('a'), [['md5', '', '94f506c07b7ebafe088a40e18ce8e9dc', null]]);
    await addMedia(ctx, sha('e'), []);
    const vic = await addHashList(ctx, { file: VICS, name: 'vic' });
    assert.deepEqual(vic.matches, { exact: 1, pdq: 0 }, 'a new list is matched against existing media');
    const pdqList = await addHashList(ctx, { file: HAYSTACK, name: 'pdq-haystack', signalType: 'pdq' });
    assert.equal(pdqList.entries, 1350);
    // Media arriving after the lists: P1 near needle 1, P2 same hash but low quality, C on an ignore list, D new.
    await addMedia(ctx, sha('b'), [['pdq', 'full', NEEDLES[0]!, 90]]);
    await addMedia(ctx, sha('c'), [['pdq', 'full', NEEDLES[0]!, 40]]);
    await addMedia(ctx, sha('d'), [['md5', '', 'd'.repeat(32), null]]);
    await addMedia(ctx, sha('f'), [['md5', '', 'f'.repeat(32), null]]);
    const tmp = mkdtempSync(join(tmpdir(), 'vigie-ign-'));
    writeFileSync(join(tmp, 'ignore.txt'), `${'f'.repeat(32)}\n`);
    const ign = await addHashList(ctx, { file: join(tmp, 'ignore.txt'), name: 'noise', role: 'ignore' });
    assert.deepEqual(ign.matches, { exact: 1, pdq: 0 });

    const run = await matchMedia(ctx, {});
    assert.equal(run.exactMatches, 2);
    assert.equal(run.pdqMatches, 3, 'needle 1 is within 31 of haystack lines 1001 (0), 1086 (4), 1199 (20)');
    assert.equal(run.lowQuality, 1);
    // c's only PDQ has quality 40 and it matches nothing exactly: uncertain, not new (issue 19).
    assert.deepEqual([run.knownMedia, run.ignoredMedia, run.newMedia, run.unhashedMedia], [2, 1, 1, 1]);
    const items = await listMedia(ctx);
    assert.deepEqual(
      items.map((m) => [
        m.sha256[0],
        m.status,
        m.matches.map((x) => `${x.list}:${x.signalType}:${x.distance}`).join(' '),
      ]),
      [
        ['a', 'known', 'vic:md5:0'],
        ['b', 'known', 'pdq-haystack:pdq:0 pdq-haystack:pdq:4 pdq-haystack:pdq:20'],
        ['c', 'uncertain', ''],
        ['d', 'new', ''],
        ['e', 'unhashed', ''],
        ['f', 'ignored', 'noise:md5:0'],
      ],
    );
    const a = items[0]!;
    assert.deepEqual(a.matches[0], {
      list: 'vic',
      signalType: 'md5',
      value: '94f506c07b7ebafe088a40e18ce8e9dc',
      category: '1',
      scheme: 'VICS-Default',
      distance: 0,
    });
    assert.equal(a.md5, '94f506c07b7ebafe088a40e18ce8e9dc');
    assert.deepEqual(
      (await listMedia(ctx, { statuses: ['ignored'] })).map((m) => m.sha256),
      [sha('f')],
    );

    const why = await showMedia(ctx, { sha256: sha('b') });
    assert.deepEqual(
      why.why.map((w) => [
        w.list,
        w.entry.line,
        w.entry.position,
        w.distance,
        w.variant,
        w.source.path,
        w.listVersion,
      ]),
      [
        ['pdq-haystack', 1001, 'line 1001', 0, 'orig', HAYSTACK, 1],
        ['pdq-haystack', 1086, 'line 1086', 4, 'orig', HAYSTACK, 1],
        ['pdq-haystack', 1199, 'line 1199', 20, 'orig', HAYSTACK, 1],
      ],
    );
    assert.equal(why.why[0]!.runId, run.runId);

    // Same result when run again (derived data is recomputed, not accumulated).
    const again = await matchMedia(ctx, {});
    assert.deepEqual({ ...again, runId: '' }, { ...run, runId: '' });
    assert.deepEqual(await ctx.store.media.statusCounts(), {
      knownMedia: 2,
      newMedia: 1,
      ignoredMedia: 1,
      unhashedMedia: 1,
      uncertainMedia: 1,
    });
    if (kind === 'sqlite') {
      const stats = await caseStats(ctx); // stats is not on the store port yet
      assert.deepEqual([stats.knownMedia, stats.newMedia, stats.ignoredMedia], [2, 1, 1]);
    }
    listings.set(kind, await listMedia(ctx));

    // A tighter radius drops the farther PDQ matches.
    assert.equal((await matchMedia(ctx, { maxDistance: 4 })).pdqMatches, 2);

    // Removing a list removes its matches: A becomes new.
    await removeHashListUseCase(ctx, { name: 'vic' });
    assert.equal((await showMedia(ctx, { sha256: sha('a') })).status, 'new');
    await ctx.close();
  });

  test(`[${kind}] dihedral variants match unless --no-dihedral, and record the variant; missing variants are counted`, async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vigie-d-')), 'c');
    await initCase({ dir, database: databaseUrl(kind) });
    const ctx = await openCase(dir);
    await addHashList(ctx, { file: HAYSTACK, name: 'hay', signalType: 'pdq' });
    const far = '0'.repeat(64);
    const variants = [far, NEEDLES[1]!, far, far, far, far, far, far];
    await addMedia(ctx, sha('1'), [
      ['pdq', 'full', far, 100],
      ['pdq-dihedral', 'full', variants.join(','), 100],
    ]);
    await addMedia(ctx, sha('2'), [['pdq', 'full', 'f'.repeat(64), 100]]);
    const plain = await matchMedia(ctx, { dihedral: false });
    assert.equal(plain.pdqMatches, 0);
    const dih = await matchMedia(ctx, { dihedral: true });
    assert.equal(dih.dihedralMissing, 1);
    assert.ok(dih.pdqMatches > 0);
    const why = await showMedia(ctx, { sha256: sha('1') });
    assert.ok(why.why.every((w) => w.variant === 'rot90'));
    assert.equal(why.status, 'known');
    await ctx.close();
  });
}

test(
  'the same lists and media give the same `media --json` on SQLite and PostgreSQL',
  { skip: DATABASES.length < 2 },
  () => {
    assert.ok(listings.get('sqlite'));
    assert.deepEqual(listings.get('postgres'), listings.get('sqlite'));
  },
);
