// `vigie demo --scale small --no-serve --no-videos` through the built CLI: the shared small demo case is exactly
// that command's output (test/helpers/built-case.ts), whichever test file built it first in this run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { builtCase } from './helpers/built-case.js';

test('vigie demo --scale small --no-serve --no-videos generates a case and finds what truth.json says', async () => {
  const demo = await builtCase('demo-small');
  const res = JSON.parse(readFileSync(join(demo.out, 'demo.json'), 'utf8')) as {
    caseDir: string;
    stats: Record<string, number>;
    stages: { name: string }[];
  };
  const truth = JSON.parse(readFileSync(join(demo.out, 'truth.json'), 'utf8')) as {
    counts: Record<string, number>;
  };
  assert.equal(basename(res.caseDir), 'case');
  assert.ok(dirname(res.caseDir).startsWith(demo.out), `${res.caseDir} is under --out`);
  assert.ok(existsSync(join(demo.caseDir, 'case.sqlite')));
  assert.ok(res.stages.some((s) => s.name === 'import'));
  const s = res.stats;
  const c = truth.counts;
  assert.equal(s['messages'], c['messages']);
  assert.equal(s['serviceMessages'], c['serviceMessages']);
  assert.equal(s['chats'], c['chats']);
  assert.equal(s['images'], c['images']);
  assert.equal(s['knownMedia'], c['knownImages']);
  assert.equal(s['newMedia'], c['newImages']);
  assert.equal(s['ignoredMedia'], c['ignoredImages']);
  assert.equal(s['actors'], c['actors']! + c['channelAuthors']!);
  assert.equal(s['members'], c['members']! + c['channelAuthors']!);
});
