// The built CLI: `vigie returns add`, `vigie targets --json`, `vigie target --decide` (run after `npm run build`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';

function exportJson(): unknown {
  const base = Date.UTC(2024, 2, 4) / 1000;
  const messages: unknown[] = [];
  let id = 1;
  for (let d = 0; d < 10; d++) {
    for (const [from, fromId, text, h] of [
      ['Piotr 🇵🇱', 'user101', 'Cześć, co słychać u ciebie dzisiaj? Jadę do Warszawy', 17],
      ['Camille', 'user202', 'Salut tout le monde, ça va bien ce soir ?', 19],
    ] as const) {
      const t = base + d * 86400 + h * 3600;
      messages.push({
        id: id++,
        type: 'message',
        date: new Date(t * 1000).toISOString().slice(0, 19),
        date_unixtime: String(t),
        from,
        from_id: fromId,
        text,
        text_entities: [{ type: 'plain', text }],
        reply_to_message_id: id > 2 ? id - 2 : undefined,
      });
    }
  }
  return { name: 'G', type: 'private_supergroup', id: 5, messages };
}

test('CLI: returns add, targets --json ordered by rank with attribution, target --decide audited', async () => {
  const root = mkdtempSync(join(tmpdir(), 'vigie-targets-cli-'));
  const c = join(root, 'case');
  const init = await runCli(['init', c, '--home', 'FR']);
  assert.equal(init.code, 0, init.stderr);
  mkdirSync(join(root, 'exp'));
  writeFileSync(join(root, 'exp', 'result.json'), JSON.stringify(exportJson()));
  const imp = await runCli(['--case', c, 'import', '--account', 'UC-T', join(root, 'exp')]);
  assert.equal(imp.code, 0, imp.stderr);
  writeFileSync(
    join(root, 'ret.csv'),
    'acct;msisdn;when\n101;+48512345678;2024-03-05T10:00:00Z\n999;+380501234567;2024-03-05T10:00:00Z\n',
  );
  const add = await runCli([
    '--case',
    c,
    '--json',
    'returns',
    'add',
    join(root, 'ret.csv'),
    '--map',
    'acct=user_id,msisdn=phone,when=seen_at',
  ]);
  assert.equal(add.code, 0, add.stderr);
  assert.deepEqual(JSON.parse(add.stdout).unknownAccounts, ['telegram:user999']);
  const bad = await runCli(['--case', c, 'returns', 'add', join(root, 'exp', 'result.json')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^RETURNS_INVALID: result\.json/);
  const an = await runCli(['--case', c, 'analyse']);
  assert.equal(an.code, 0, an.stderr);
  const t = await runCli(['--case', c, '--json', 'targets']);
  assert.equal(t.code, 0, t.stderr);
  const items = JSON.parse(t.stdout) as Array<{
    rank: number;
    actor: string;
    score: number;
    factors: unknown[];
    attribution: { country: string | null } | null;
  }>;
  assert.deepEqual(
    items.map((i) => i.rank),
    items.map((_, k) => k + 1),
  );
  const pl = items.find((i) => i.actor === 'telegram:user101')!;
  assert.equal(pl.attribution?.country, 'PL');
  assert.equal(pl.factors.length, 8);
  const only = JSON.parse(
    (await runCli(['--case', c, '--json', 'targets', '--country', 'PL', '--limit', '1'])).stdout,
  ) as unknown[];
  assert.equal(only.length, 1);
  const d = await runCli([
    '--case',
    c,
    '--json',
    'target',
    'telegram:user101',
    '--decide',
    'accept',
    '--reason',
    'producer',
  ]);
  assert.equal(d.code, 0, d.stderr);
  assert.equal(JSON.parse(d.stdout).decision, 'accept');
  const nope = await runCli([
    '--case',
    c,
    'target',
    'telegram:user101',
    '--decide',
    'maybe',
    '--reason',
    'x',
  ]);
  assert.equal(nope.code, 2);
  const v = await runCli(['--case', c, 'verify']);
  assert.equal(v.code, 0, v.stderr);
});
