import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCase } from '../src/demo/index.js';
import { runCli } from './helpers/cli.js';

test('vigie run chains import, hash, hash lists, match and analyse on a generated case', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-run-'));
  try {
    const gen = await generateCase({ out: join(dir, 'gen'), scale: 'small', seed: 5, html: false });
    const c = join(dir, 'case');
    assert.equal((await runCli(['init', c, '--home', 'FR'])).code, 0);
    const old = gen.exports.find((e) => e.needsTz);
    const args = ['--case', c, '--json', 'run', ...gen.exports.filter((e) => !e.needsTz).map((e) => e.path)];
    for (const l of gen.hashlists) args.push(l.role === 'ignore' ? '--ignore-list' : '--hashlist', l.file);
    const r = await runCli(args);
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(r.stdout) as {
      match: { knownMedia: number; newMedia: number; ignoredMedia: number };
      analyse: { analysis: { clusters: number }; triage: { actors: number } };
    };
    assert.ok(rep.match.knownMedia > 0 && rep.match.newMedia > 0);
    // A small seed may draw no ignored file (then the generator writes no ignore list).
    if (gen.hashlists.some((l) => l.role === 'ignore')) assert.ok(rep.match.ignoredMedia > 0);
    assert.ok(rep.analyse.analysis.clusters > 0);
    assert.ok(rep.analyse.triage.actors > 0);
    if (old) {
      const again = await runCli(['--case', c, 'run', old.path, '--tz', old.tz]);
      assert.equal(again.code, 0, again.stderr);
    }
    const stats = JSON.parse((await runCli(['--case', c, '--json', 'stats'])).stdout) as Record<
      string,
      number
    >;
    assert.ok(stats['hashed']! > 0 && stats['knownMedia']! > 0 && stats['newMedia']! > 0);
    assert.ok(stats['countries']! > 0 && stats['targets']! > 0);
    const targets = JSON.parse((await runCli(['--case', c, '--json', 'targets', '--limit', '3'])).stdout) as {
      rank: number;
    }[];
    assert.deepEqual(
      targets.map((t) => t.rank),
      [1, 2, 3],
    );
    assert.equal((await runCli(['--case', c, 'verify'])).code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
