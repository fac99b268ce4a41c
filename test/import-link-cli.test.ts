import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { TZ, writeBoth } from './html-both-fixture.js';
import { DATABASES, initArgs } from './helpers/databases.js';

const CHAT = 'telegram:channel555001';

async function chats(kase: string): Promise<{ id: string; aliases: string[]; sources: string[] }[]> {
  const r = await runCli(['--case', kase, 'chats', '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { id: string; aliases: string[]; sources: string[] }[];
}

for (const kind of DATABASES)
  test(`[${kind}] CLI: import --chat-id ties an HTML export to the JSON chat; vigie link ties a separately imported one`, async () => {
    const dir = writeBoth();
    const root = mkdtempSync(join(tmpdir(), 'vigie-link-cli-'));
    const a = join(root, 'a');
    assert.equal((await runCli(['init', a, ...initArgs(kind)])).code, 0);
    assert.equal(
      (await runCli(['--case', a, 'import', '--account', 'UC-T', join(dir, 'result.json')])).code,
      0,
    );
    const bad = await runCli([
      '--case',
      a,
      'import',
      '--account',
      'UC-T',
      join(dir, 'messages.html'),
      '--chat-id',
      'channel1',
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^USAGE: --chat-id channel1: expected a chat id/);
    const ok = await runCli([
      '--case',
      a,
      'import',
      '--account',
      'UC-T',
      join(dir, 'messages.html'),
      '--tz',
      TZ,
      '--chat-id',
      CHAT,
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    const ca = await chats(a);
    assert.deepEqual(
      ca.map((c) => [c.id, c.sources.length]),
      [[CHAT, 2]],
    );

    const b = join(root, 'b');
    assert.equal((await runCli(['init', b, ...initArgs(kind)])).code, 0);
    assert.equal(
      (await runCli(['--case', b, 'import', '--account', 'UC-T', join(dir, 'result.json')])).code,
      0,
    );
    assert.equal(
      (await runCli(['--case', b, 'import', '--account', 'UC-T', join(dir, 'messages.html'), '--tz', TZ]))
        .code,
      0,
    );
    const html = (await chats(b)).find((c) => c.id.startsWith('telegram:html-chat-'))!.id;
    const dry = await runCli(['--case', b, 'link', html, CHAT, '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /dry run: nothing changed/);
    assert.equal((await chats(b)).length, 2);
    const link = await runCli(['--case', b, '--json', 'link', html, CHAT]);
    assert.equal(link.code, 0, link.stderr);
    assert.equal((JSON.parse(link.stdout) as { plan: { actors: unknown[] } }).plan.actors.length, 4);
    const cb = await chats(b);
    assert.deepEqual(
      cb.map((c) => [c.id, c.aliases]),
      [[CHAT, [html]]],
    );
    const again = await runCli(['--case', b, 'link', html, CHAT]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already linked/);
    assert.equal((await runCli(['--case', b, 'verify'])).code, 0);
  });
