// SQLite only: the CLI's arguments and output; analyse-both compares these listings between the two databases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCase } from '../src/app/init-case.js';
import Database from 'better-sqlite3';
import { runCli } from './helpers/cli.js';
import { populate } from './analyse-store-fixture.js';

test('the CLI: analyse --lexicon, actors --json, actor ID --json, graph --format graphml', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-analyse-')), 'c');
  await initCase({ dir });
  const raw = new Database(join(dir, 'case.sqlite'));
  populate(raw);
  raw.close();
  const lex = join(dir, '..', 'lexicon.txt');
  writeFileSync(lex, '# agency terms\nnew set\n');
  const a = await runCli(['--case', dir, '--json', 'analyse', '--lexicon', lex]);
  assert.equal(a.code, 0, a.stderr);
  const rep = JSON.parse(a.stdout) as {
    clusters: number;
    lexiconTerms: number;
    topNew: Array<{ score: number }>;
  };
  assert.equal(rep.clusters, 3);
  assert.equal(rep.lexiconTerms, 1);
  assert.equal(rep.topNew[0]!.score, 5, 'first post + lexicon term');
  const list = JSON.parse((await runCli(['--case', dir, '--json', 'actors'])).stdout) as Array<{
    id: string;
  }>;
  assert.equal(list.length, 4);
  const one = await runCli(['--case', dir, '--json', 'actor', 'telegram:user1']);
  assert.equal((JSON.parse(one.stdout) as { names: string[] }).names.length, 2);
  const missing = await runCli(['--case', dir, 'actor', 'telegram:user77']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^NOT_FOUND: /);
  const out = join(dir, '..', 'net.graphml');
  const g = await runCli(['--case', dir, 'graph', '--format', 'graphml', '--out', out]);
  assert.equal(g.code, 0, g.stderr);
  assert.match(readFileSync(out, 'utf8'), /<graphml /);
  const bad = await runCli(['--case', dir, 'analyse', '--lexicon', join(dir, 'nope.txt')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^FILE_NOT_FOUND: .*nope\.txt/);
  rmSync(join(dir, '..'), { recursive: true, force: true });
});
