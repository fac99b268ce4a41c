// The same case on SQLite and on PostgreSQL (copied): analyse, attribution and triage through the built CLI give
// the same listings (stats, chats, actors, actor, targets, graph), and decisions are audited on both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from './helpers/cli.js';
import { DATABASES } from './helpers/databases.js';
import { caseOn } from './helpers/copy-to-postgres.js';
import { populate } from './analyse-store-fixture.js';
import { openCase } from '../src/app/context.js';

const REAL = resolve('../shared/fixtures/telegram-real');
const EXPORTS = [
  'innerdvations-migrated-supergroup',
  'innerdvations-private-channel',
  'mlomb-personal-chat',
  'tg2md-channel-2021',
].map((d) => join(REAL, d));

/** Run the CLI on a case and parse its `--json` answer. */
async function json(dir: string, ...args: string[]): Promise<unknown> {
  const r = await runCli(['--case', dir, '--json', ...args]);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown;
}

test(
  'analyse, attribution and triage give the same listings on SQLite and PostgreSQL; decisions are audited on both',
  { skip: !DATABASES.includes('postgres') && 'no PostgreSQL server under test' },
  async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigie-both-'));
    const lite = join(root, 'lite');
    try {
      assert.equal((await runCli(['init', lite, '--name', 'Op Both', '--home', 'FR'])).code, 0);
      const imp = await runCli([
        '--case',
        lite,
        'import',
        '--account',
        'UC-T',
        '--tz',
        'Europe/Paris',
        ...EXPORTS,
      ]);
      assert.ok(imp.code === 0 || imp.code === 3, imp.stderr);
      const raw = new Database(join(lite, 'case.sqlite'));
      populate(raw);
      raw.close();
      writeFileSync(
        join(root, 'ret.csv'),
        'user_id,phone,ip,seen_at\n1,+33612345678,,2026-01-10T10:00:00Z\n',
      );
      assert.equal((await runCli(['--case', lite, 'returns', 'add', join(root, 'ret.csv')])).code, 0);
      const pg = await caseOn('postgres', lite);
      const cases = [lite, pg];
      for (const dir of cases) {
        const a = await runCli(['--case', dir, 'analyse']);
        assert.equal(a.code, 0, a.stderr);
      }
      const views: string[][] = [
        ['stats'],
        ['chats'],
        ['actors'],
        ['actor', 'telegram:user1'],
        ['targets'],
        ['targets', '--home'],
      ];
      for (const v of views) {
        const [a, b] = [await json(lite, ...v), await json(pg, ...v)];
        assert.deepEqual(b, a, `vigie ${v.join(' ')} --json differs between SQLite and PostgreSQL`);
      }
      const stats = (await json(lite, 'stats')) as Record<string, number>;
      assert.ok(
        stats['chats']! >= 6 && stats['knownMedia']! >= 1 && stats['targets']! >= 4,
        JSON.stringify(stats),
      );
      for (const format of ['gexf', 'graphml']) {
        const texts = [];
        for (const dir of cases) {
          const out = join(root, `${dir === lite ? 'lite' : 'pg'}.${format}`);
          const g = await runCli(['--case', dir, 'graph', '--format', format, '--out', out]);
          assert.equal(g.code, 0, g.stderr);
          texts.push(readFileSync(out, 'utf8'));
        }
        assert.equal(texts[1], texts[0], `the ${format} graph differs`);
      }
      for (const dir of cases) {
        const d = await runCli(
          ['--case', dir, 'target', 'telegram:user1', '--decide', 'accept', '--reason', 'producer'],
          { VIGIE_USER: 'supervisor' },
        );
        assert.equal(d.code, 0, d.stderr);
        const ctx = await openCase(dir, { readonly: true });
        try {
          const ev = (await ctx.store.audit.list()).filter((e) => e.command === 'target decide');
          assert.deepEqual(
            ev.map((e) => [e.user, e.subject, JSON.parse(e.details) as unknown]),
            [['supervisor', 'telegram:user1', { decision: 'accept', reason: 'producer' }]],
          );
          assert.equal(await ctx.store.audit.check(), null);
        } finally {
          await ctx.close();
        }
        assert.equal(((await json(dir, 'stats')) as { acceptedTargets: number }).acceptedTargets, 1);
      }
      const strip = (items: unknown) =>
        (items as Array<{ decision: { at: string } | null }>).map((t) => ({
          ...t,
          decision: t.decision && { ...t.decision, at: '' },
        }));
      assert.deepEqual(strip(await json(pg, 'targets')), strip(await json(lite, 'targets')));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
);
