// Floors of issue 7 on a generated small case, scored against the generator's truth.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from '../src/app/run-demo.js';
import { openCase } from '../src/app/context.js';
import { scoreAttribution, scoreTargets } from '../src/pipeline/analyse/attribution/evaluate.js';

interface TruthActor {
  id: string;
  role: string;
  country: string;
  posted: boolean;
}

test('generated small case: ≥ 90 % of confident answers right, ≥ half answered, producers in the top 2×producers', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'vigie-attr-truth-')), 'demo');
  const r = await runDemo({ out, scale: 'small', seed: 7, workers: 1, videos: false });
  const truth = JSON.parse(readFileSync(r.truth, 'utf8')) as { actors: TruthActor[] };
  const ctx = await openCase(r.caseDir, { readonly: true });
  try {
    const attributions = await ctx.store.triage.attributions();
    const scored = truth.actors.filter((a) => a.posted && a.role !== 'undercover');
    const s = scoreAttribution(
      scored.map((a) => ({ actor: a.id, country: a.country })),
      [...attributions].map(([actor, a]) => ({ actor, ...a })),
    );
    assert.ok(s.actors >= 10, `enough actors to score (${s.actors})`);
    assert.ok(s.precision >= 0.9, `precision ${s.precision} (${s.correct}/${s.answered})`);
    assert.ok(s.coverage >= 0.5, `coverage ${s.coverage}`);
    const producers = truth.actors.filter((a) => a.role === 'producer').map((a) => a.id);
    const t = scoreTargets(
      producers,
      (await ctx.store.triage.scores()).map((x) => x.actor),
    );
    assert.ok(producers.length > 0);
    assert.ok(t.allInTop, `producers missing from the top ${t.k}: ${t.missing.join(', ')}`);
  } finally {
    await ctx.close();
  }
});
