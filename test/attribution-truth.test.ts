// Floors of issues 7 and 19 on a generated small case (the shared small demo case), scored against the generator's
// truth.json: on SQLite what `vigie demo` found, on PostgreSQL the analysis run again on the case's twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCase } from '../src/app/context.js';
import { analyseAll } from '../src/app/analyse-all.js';
import { builtCase, copyOfBuiltCase } from './helpers/built-case.js';
import { DATABASES } from './helpers/databases.js';
import { scoreAttribution, scoreTargets } from '../src/pipeline/analyse/attribution/evaluate.js';

interface TruthActor {
  id: string;
  role: string;
  country: string;
  posted: boolean;
  originatedNewClusters: number;
}

for (const kind of DATABASES)
  test(`[${kind}] generated small case: ≥ 90 % of confident answers right, ≥ half answered, producers in the top 2×producers`, async () => {
    const demo =
      kind === 'sqlite' ? await builtCase('demo-small') : await copyOfBuiltCase('demo-small', kind);
    if (kind !== 'sqlite') {
      const rw = await openCase(demo.caseDir);
      try {
        await analyseAll(rw);
      } finally {
        await rw.close();
      }
    }
    const truth = JSON.parse(readFileSync(join(demo.out, 'truth.json'), 'utf8')) as { actors: TruthActor[] };
    const ctx = await openCase(demo.caseDir, { readonly: true });
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
      // The generator gives every producer a new cluster it posts first itself (issue 19), and truth says so.
      const producers = truth.actors.filter((a) => a.role === 'producer');
      assert.ok(producers.length > 0);
      assert.deepEqual(
        producers.filter((a) => !(a.originatedNewClusters >= 1)).map((a) => a.id),
        [],
        'every producer originates a new cluster',
      );
      const t = scoreTargets(
        producers.map((a) => a.id),
        (await ctx.store.triage.scores()).map((x) => x.actor),
      );
      assert.ok(t.allInTop, `producers missing from the top ${t.k}: ${t.missing.join(', ')}`);
    } finally {
      await ctx.close();
    }
  });
