// SQLite only: the CLI's arguments and output; hashlist-store and match-media run the store on both databases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from './helpers/cli.js';

const VICS = resolve('../shared/standards/hash-lists/vics-synthetic/vics-2.0-hashset-synthetic.json');

test('CLI: hashlist add/list/remove, match, media --json and media SHA256 --json', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'vigie-hlcli-'));
  const dir = join(tmp, 'c');
  const env = { VIGIE_USER: 'analyst1' };
  assert.equal((await runCli(['init', dir], env)).code, 0);
  const raw = new Database(join(dir, 'case.sqlite'));
  const known = 'a'.repeat(64);
  const fresh = 'b'.repeat(64);
  for (const s of [known, fresh])
    raw.prepare(`INSERT INTO media (sha256, kind, mime, size) VALUES (?, 'image', 'image/png', 10)`).run(s);
  raw
    .prepare(
      `INSERT INTO signal (sha256, type, convention, value) VALUES (?, 'md5', '', 'fa4ba49860f458a22736f76fce064323'), (?, 'sha256', '', ?), (?, 'sha256', '', ?)`,
    )
    .run(known, known, known, fresh, fresh);
  raw.close();

  const add = await runCli(['--case', dir, '--json', 'hashlist', 'add', VICS, '--name', 'vic'], env);
  assert.equal(add.code, 0, add.stderr);
  const added = JSON.parse(add.stdout);
  assert.deepEqual(
    [added.status, added.format, added.entries, added.matches.exact],
    ['added', 'vics', 10, 1],
  );
  const list = JSON.parse((await runCli(['--case', dir, '--json', 'hashlist', 'list'])).stdout);
  assert.deepEqual(
    list.lists.map((l: { name: string; role: string; version: number }) => [l.name, l.role, l.version]),
    [['vic', 'alert', 1]],
  );

  const match = await runCli(['--case', dir, '--json', 'match', '--max-distance', '31'], env);
  assert.equal(match.code, 0, match.stderr);
  assert.equal(JSON.parse(match.stdout).knownMedia, 1);

  const media = JSON.parse((await runCli(['--case', dir, '--json', 'media', '--known'])).stdout);
  assert.deepEqual(media, [
    {
      sha256: known,
      md5: 'fa4ba49860f458a22736f76fce064323',
      pdq: null,
      kind: 'image',
      status: 'known',
      matches: [
        {
          list: 'vic',
          signalType: 'md5',
          value: 'fa4ba49860f458a22736f76fce064323',
          category: '4',
          scheme: 'VICS-Default',
          distance: 0,
        },
      ],
      occurrences: 0,
      cluster: null,
      firstSeen: null,
      originator: null,
      originatorUndercover: false,
      firstMessage: null,
      // no human decision yet; the matched list's category is offered as a suggestion, never applied
      decision: null,
      suggestions: [{ list: 'vic', scheme: 'VICS-Default', category: '4' }],
    },
  ]);
  const one = JSON.parse((await runCli(['--case', dir, '--json', 'media', known])).stdout);
  assert.equal(one.why[0].source.path, VICS);
  assert.equal(one.why[0].entry.recordId, '5');
  const news = JSON.parse((await runCli(['--case', dir, '--json', 'media', '--new'])).stdout);
  assert.deepEqual(
    news.map((m: { sha256: string }) => m.sha256),
    [fresh],
  );

  const bad = join(tmp, 'bad.txt');
  writeFileSync(bad, `${'a'.repeat(32)}\n${'a'.repeat(31)}\n`);
  const fail = await runCli(['--case', dir, 'hashlist', 'add', bad, '--name', 'bad']);
  assert.equal(fail.code, 2);
  assert.match(fail.stderr, /^HASHLIST_INVALID: bad\.txt: line 2: /);

  const rm = await runCli(['--case', dir, 'hashlist', 'remove', 'vic'], env);
  assert.equal(rm.code, 0, rm.stderr);
  const missing = await runCli(['--case', dir, 'hashlist', 'remove', 'vic']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^HASHLIST_NOT_FOUND: /);
});
