import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from './helpers/cli.js';

const FIXTURE = resolve('../shared/fixtures/telegram-real/emerickgrimm-html-personal');

async function stats(kase: string): Promise<Record<string, number>> {
  const r = await runCli(['--case', kase, 'stats', '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, number>;
}

test('CLI: an HTML export imports (issues for the absent media files), a truncated one changes nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-html-cli-'));
  const kase = join(dir, 'case');
  assert.equal((await runCli(['init', kase, '--name', 'html'])).code, 0);

  const bad = join(dir, 'bad');
  const html = readFileSync(join(FIXTURE, 'messages.html'), 'utf8');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(bad);
  writeFileSync(join(bad, 'messages.html'), html.slice(0, 9000));
  const r1 = await runCli(['--case', kase, 'import', '--account', 'UC-T', bad]);
  assert.equal(r1.code, 2);
  assert.match(r1.stderr, /IMPORT_INVALID_HTML: messages\.html: byte \d+: file ends before <\/html>/);
  const s0 = await stats(kase);
  assert.equal(s0.sources, 0);
  assert.equal(s0.messages, 0);

  const r2 = await runCli(['--case', kase, 'import', '--account', 'UC-T', FIXTURE, '--json']);
  assert.equal(r2.code, 0, 'absent media files are warnings: ' + r2.stderr);
  assert.match(r2.stderr, /^\d+ warnings \(expected incompleteness/m);
  const out = JSON.parse(r2.stdout) as { sources: { kind: string; messages: number }[] };
  assert.equal(out.sources[0]?.kind, 'telegram-html');
  assert.equal(out.sources[0]?.messages, 21);
  const s1 = await stats(kase);
  assert.equal(s1.messages, 21);
  assert.equal(s1.actors, 2);
  assert.equal(s1.serviceMessages, 2);
});
