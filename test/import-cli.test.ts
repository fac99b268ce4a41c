import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, runCli } from './helpers/cli.js';

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
    '--account',
    'UC-T',
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
    'uncertainMedia',
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
  const noTz = await runCli(['--case', c, 'import', '--account', 'UC-T', join(FIX, 'tg2md-channel-2020')]);
  assert.equal(noTz.code, 2);
  assert.match(noTz.stderr, /^IMPORT_NEEDS_TZ: result\.json: message 1:/);
  const issues = await runCli([
    '--case',
    c,
    'import',
    '--account',
    'UC-T',
    join(FIX, 'tg2md-channel-2020'),
    '--tz',
    'UTC',
  ]);
  assert.equal(issues.code, 0, 'media files absent from the fixture are warnings: ' + issues.stderr);
  assert.match(issues.stderr, /^4 warnings \(expected incompleteness/m);
  const json = await runCli([
    '--case',
    c,
    'import',
    '--account',
    'UC-T',
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
      `vigie init && vigie import "$2" --account UC-T${opts} && vigie stats --json && vigie verify`;
    const r = spawnSync('bash', ['-c', script, 'chain', dir, join(FIX, fixture)], {
      encoding: 'utf8',
      env: { ...withoutCase, NODE: process.execPath, CLI, NODE_OPTIONS: '' },
    });
    assert.equal(r.status, 0, `${fixture}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /"messages": \d+/);
    assert.match(r.stdout, /verified: OK/);
  }
});

// The SIGKILL tests (two sources with shared media; a worker thread reading a large export) are in
// fault-kill-import.test.ts: the process is killed from outside once the evidence folder holds N files.
