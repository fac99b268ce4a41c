import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, runCli } from './helpers/cli.js';
import { READ_IN_WORKER_BYTES } from '../src/app/import-sources.js';
import { benignJpeg, dumpCase, msg, writeExport } from './import-factory.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'vigie-cli-'));
const FIX = resolve('../shared/fixtures/telegram-real');

test('vigie init, import, stats --json, chats --json, verify through the built CLI', async () => {
  const c = join(tmp(), 'case');
  assert.equal((await runCli(['init', c])).code, 0);
  const imp = await runCli([
    '--case',
    c,
    'import',
    join(FIX, 'mlomb-personal-chat'),
    '--tz',
    'Europe/Paris',
    '--account',
    'UC-1',
  ]);
  assert.equal(imp.code, 0, imp.stderr);
  assert.match(imp.stdout, /imported as src-[0-9a-f]{16}: 1 chats, 8 messages/);
  const again = await runCli([
    '--case',
    c,
    '--json',
    'import',
    join(FIX, 'mlomb-personal-chat'),
    '--tz',
    'Europe/Paris',
  ]);
  assert.equal(JSON.parse(again.stdout).sources[0].status, 'already-imported');
  const stats = JSON.parse((await runCli(['--case', c, '--json', 'stats'])).stdout) as Record<string, number>;
  assert.deepEqual(Object.keys(stats).sort(), [
    'acceptedTargets',
    'actors',
    'chats',
    'countries',
    'hashed',
    'ignoredMedia',
    'images',
    'knownMedia',
    'media',
    'members',
    'messages',
    'newMedia',
    'serviceMessages',
    'sources',
    'targets',
    'videos',
  ]);
  assert.equal(stats['messages'], 8);
  assert.equal(stats['serviceMessages'], 2);
  assert.equal(stats['actors'], 2);
  const chats = JSON.parse((await runCli(['--case', c, '--json', 'chats'])).stdout) as Record<
    string,
    unknown
  >[];
  assert.equal(chats[0]!['id'], 'telegram:user700000000');
  assert.equal(chats[0]!['members'], 2);
  const v = await runCli(['--case', c, 'verify']);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  const noTz = await runCli(['--case', c, 'import', join(FIX, 'tg2md-channel-2020')]);
  assert.equal(noTz.code, 2);
  assert.match(noTz.stderr, /^IMPORT_NEEDS_TZ: result\.json: message 1:/);
  const issues = await runCli(['--case', c, 'import', join(FIX, 'tg2md-channel-2020'), '--tz', 'UTC']);
  assert.equal(issues.code, 0, 'media files absent from the fixture are warnings: ' + issues.stderr);
  assert.match(issues.stderr, /^4 warnings \(expected incompleteness/m);
  const json = await runCli([
    '--case',
    c,
    'import',
    join(FIX, 'tg2md-channel-2021'),
    '--tz',
    'UTC',
    '--json',
  ]);
  const out = JSON.parse(json.stdout) as { errors: number; warnings: number; issues: { severity: string }[] };
  assert.equal(out.errors, 0);
  assert.ok(out.warnings > 0 && out.issues.every((i) => i.severity === 'warning'));
});

test('fresh clone chain: vigie init && vigie import <fixture> && vigie stats --json && vigie verify (bash -c)', async () => {
  const { VIGIE_CASE: _ignored, ...withoutCase } = process.env;
  for (const [fixture, opts] of [
    ['emerickgrimm-html-personal', ''],
    ['tg2md-channel-2021', ' --tz Europe/Moscow'],
  ] as const) {
    const dir = tmp();
    const script =
      'cd "$1" && vigie() { "$NODE" "$CLI" "$@"; } && ' +
      `vigie init && vigie import "$2"${opts} && vigie stats --json && vigie verify`;
    const r = spawnSync('bash', ['-c', script, 'chain', dir, join(FIX, fixture)], {
      encoding: 'utf8',
      env: { ...withoutCase, NODE: process.execPath, CLI, NODE_OPTIONS: '' },
    });
    assert.equal(r.status, 0, `${fixture}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /"messages": \d+/);
    assert.match(r.stdout, /verified: OK/);
  }
});

test('SIGKILL during an import leaves a verifiable case; a re-run reaches the uninterrupted state', async () => {
  const root = tmp();
  const t = 1_700_000_000;
  const group = (messages: unknown[]): unknown => ({
    name: 'Pond',
    type: 'private_supergroup',
    id: 1555000001,
    messages,
  });
  const files = async (seeds: number[]): Promise<Record<string, Buffer>> =>
    Object.fromEntries(
      await Promise.all(seeds.map(async (s) => [`photos/p${s}.jpg`, await benignJpeg(s)] as const)),
    );
  const a = writeExport(
    join(root, 'a'),
    group([1, 2, 3].map((i) => msg(i, t + i, 'Ann', 'user1', `a${i}`, { photo: `photos/p${i}.jpg` }))),
    await files([1, 2, 3]),
  );
  const b = writeExport(
    join(root, 'b'),
    group(
      [3, 4, 5].map((i) =>
        i === 3
          ? msg(3, t + 3, 'Ann', 'user1', 'a3', { photo: 'photos/p3.jpg' })
          : msg(i, t + i, 'Bea', 'user2', `b${i}`, { photo: `photos/p${i}.jpg` }),
      ),
    ),
    await files([3, 4, 5]),
  );
  const ref = join(root, 'ref');
  await runCli(['init', ref]);
  assert.equal((await runCli(['--case', ref, 'import', a, b])).code, 0);
  const want = dumpCase(join(ref, 'case.sqlite'));
  assert.equal(want['message']!.length, 5);
  // evidence writes: a's result.json (1), p1–p3 (2–4), b's result.json (5), p3 again, p4, p5 (6–8)
  for (const n of [1, 4, 7]) {
    const c = join(root, `kill${n}`);
    await runCli(['init', c]);
    const killed = await runCli(['--case', c, 'import', a, b], { VIGIE_TEST_KILL_AFTER: String(n) });
    assert.equal(killed.code, -1, `killed after ${n} evidence files`);
    const v = await runCli(['--case', c, 'verify']);
    assert.equal(v.code, 0, v.stdout);
    const rerun = await runCli(['--case', c, 'import', a, b]);
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.deepEqual(dumpCase(join(c, 'case.sqlite')), want, `state after a kill at ${n} and a re-run`);
    assert.equal((await runCli(['--case', c, 'verify'])).code, 0);
  }
});

test('SIGKILL while a worker thread reads a large export (ADR 0009): verifiable case, re-run reaches the same state', async () => {
  const root = tmp();
  const t = 1_700_000_000;
  const filler = 'garden pond leaf river stone cloud bread lamp '.repeat(10);
  // Three photos first (evidence writes 2–4), then enough text for a main file above READ_IN_WORKER_BYTES.
  const messages = Array.from({ length: 9000 }, (_, k) => {
    const i = k + 1;
    return i <= 3
      ? msg(i, t + i, 'Ann', 'user1', `p${i}`, { photo: `photos/p${i}.jpg` })
      : msg(i, t + i, i % 2 ? 'Ann' : 'Bea', i % 2 ? 'user1' : 'user2', `${i} ${filler}`);
  });
  const a = writeExport(
    join(root, 'a'),
    { name: 'Pond', type: 'private_supergroup', id: 1555000002, messages },
    Object.fromEntries(
      await Promise.all([1, 2, 3].map(async (s) => [`photos/p${s}.jpg`, await benignJpeg(s)])),
    ),
  );
  assert.ok(statSync(join(a, 'result.json')).size >= READ_IN_WORKER_BYTES, 'read on a worker thread');
  const ref = join(root, 'ref');
  await runCli(['init', ref]);
  assert.equal((await runCli(['--case', ref, 'import', a])).code, 0);
  const want = dumpCase(join(ref, 'case.sqlite'));
  assert.equal(want['message']!.length, 9000);
  for (const n of [1, 3]) {
    const c = join(root, `kill${n}`);
    await runCli(['init', c]);
    const killed = await runCli(['--case', c, 'import', a], { VIGIE_TEST_KILL_AFTER: String(n) });
    assert.equal(killed.code, -1, `killed after ${n} evidence files`);
    assert.equal((await runCli(['--case', c, 'verify'])).code, 0);
    assert.equal((await runCli(['--case', c, 'import', a])).code, 0);
    assert.deepEqual(dumpCase(join(c, 'case.sqlite')), want, `state after a kill at ${n} and a re-run`);
  }
});
