import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';

test('vigie demo --scale small --no-serve --no-videos generates a case and finds what truth.json says', async () => {
  const out = mkdtempSync(join(tmpdir(), 'vigie-demo-cli-'));
  try {
    const r = await runCli([
      'demo',
      '--scale',
      'small',
      '--seed',
      '3',
      '--out',
      out,
      '--no-serve',
      '--no-videos',
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(r.stdout) as {
      caseDir: string;
      stats: Record<string, number>;
      stages: { name: string }[];
    };
    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8')) as {
      counts: Record<string, number>;
    };
    assert.ok(existsSync(join(res.caseDir, 'case.sqlite')));
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
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
