// Issue 19: calibrated attribution that answers more often, on the shared small demo case (seed 3, held apart: the
// shipped calibration was fitted on seeds 11–30), scored against the generator's truth.json with
// `vigie attribution report`; the model's run (prior, reliabilities, calibration) on both databases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCase } from '../src/app/context.js';
import { attributeActors } from '../src/app/attribute-actors.js';
import { builtCase, copyOfBuiltCase } from './helpers/built-case.js';
import { runCli } from './helpers/cli.js';
import { DATABASES } from './helpers/databases.js';
import { SHIPPED_CALIBRATION, calibrate } from '../src/pipeline/analyse/attribution/calibration.js';
import type { AttributionReport } from '../src/pipeline/analyse/attribution/report.js';

interface TruthActor {
  id: string;
  role: string;
  country: string;
  posted: boolean;
}

test('the shipped calibration is monotone, stays in [0, 1] and was not fitted on the held-apart seeds', () => {
  assert.ok(SHIPPED_CALIBRATION.points.length >= 2);
  let last = -1;
  for (let i = 0; i <= 1000; i++) {
    const p = calibrate(SHIPPED_CALIBRATION, i / 1000);
    assert.ok(p >= last - 1e-12 && p >= 0 && p <= 1, `calibrate(${i / 1000}) = ${p} after ${last}`);
    last = p;
  }
  assert.ok(!SHIPPED_CALIBRATION.seeds.includes('3') && !SHIPPED_CALIBRATION.seeds.includes('1'));
  assert.ok(SHIPPED_CALIBRATION.actors > 100, 'fitted on enough actors');
});

test('small case, held-apart seed: ≥ 95 % of confident answers right at ≥ 60 % coverage, calibrated; home not inflated; the JSON matches a recount', async () => {
  const demo = await builtCase('demo-small');
  const truthFile = join(demo.out, 'truth.json');
  const svg = join(mkdtempSync(join(tmpdir(), 'vigie-attr-report-')), 'reliability.svg');
  const r = await runCli([
    '--case',
    demo.caseDir,
    'attribution',
    'report',
    '--truth',
    truthFile,
    '--svg',
    svg,
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const rep = JSON.parse(r.stdout) as AttributionReport;
  const t = rep.truth!;
  assert.ok(t.overall.actors >= 15, `enough posting actors (${t.overall.actors})`);
  assert.ok(t.overall.precision >= 0.95, `precision ${t.overall.precision}`);
  assert.ok(t.overall.coverage >= 0.6, `coverage ${t.overall.coverage}`);
  // ECE of the confident answers ≤ 0.05; over all 23 posting actors (mid-probability ones included) a handful of
  // actors make the estimate noisy: measured 0.090 here, 0.01–0.09 over seeds 11–30 left out one at a time
  // (BENCHMARKS.md), so ≤ 0.10.
  assert.ok(t.overall.eceAnswered <= 0.05, `ECE of confident answers ${t.overall.eceAnswered}`);
  assert.ok(t.overall.ece <= 0.1, `ECE over all posting actors ${t.overall.ece}`);
  // The prior must not inflate the home country: a prior pushing ambiguous actors home would make wrong home answers
  // (home precision down) and fewer foreign answers. With 2–3 home actors per small case, one wrong home answer
  // moves its precision by a third, so the bound is on both sides at 5 points.
  assert.ok(t.home.actors > 0 && t.foreign.actors > 0);
  assert.ok(
    Math.abs(t.home.precision - t.foreign.precision) <= 0.05,
    `home ${t.home.precision} vs foreign ${t.foreign.precision}`,
  );
  // Recount from the stored attributions and the truth file.
  const truth = (JSON.parse(readFileSync(truthFile, 'utf8')) as { actors: TruthActor[] }).actors.filter(
    (a) => a.posted && a.role !== 'undercover',
  );
  const ctx = await openCase(demo.caseDir, { readonly: true });
  try {
    const att = await ctx.store.triage.attributions();
    let answered = 0;
    let correct = 0;
    let home = 0;
    for (const a of truth) {
      const x = att.get(a.id);
      if (a.country === ctx.info.home) home++;
      if (!x || x.abstained || !x.country) continue;
      answered++;
      if (x.country === a.country) correct++;
      assert.ok(x.probability >= 0.9, `an answer means ≥ 0.9: ${a.id} ${x.probability}`);
    }
    assert.deepEqual(
      [t.overall.actors, t.overall.answered, t.overall.correct, t.home.actors],
      [truth.length, answered, correct, home],
    );
    assert.equal(t.overall.coverage, Math.round((answered / truth.length) * 1e4) / 1e4);
    const binned = t.overall.bins.reduce((n, b) => n + b.actors, 0);
    assert.equal(binned, truth.filter((a) => att.get(a.id)?.candidates[0]).length);
  } finally {
    await ctx.close();
  }
  const text = readFileSync(svg, 'utf8');
  assert.match(text, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(text, /stroke-dasharray/, 'the diagonal');
  assert.doesNotMatch(text, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/, 'nothing from elsewhere');
});

for (const kind of DATABASES)
  test(`[${kind}] the run records its prior, reliabilities and calibration; same answers on a re-run`, async () => {
    const demo = await copyOfBuiltCase('demo-small', kind);
    const ctx = await openCase(demo.caseDir);
    try {
      const before = await ctx.store.triage.attributions();
      const rep = await attributeActors(ctx);
      const after = await ctx.store.triage.attributions();
      assert.deepEqual([...after], [...before], 'deterministic, and the same on either database');
      const m = rep.model;
      assert.ok(m.prior && m.prior.converged && m.prior.floor > 0, JSON.stringify(m.prior));
      assert.ok(m.prior.confidentActors > 0);
      assert.equal(Object.keys(m.prior.countries).length > 1, true, 'not one country alone');
      assert.ok(m.reliability.phone && m.reliability.phone.checks > 0, JSON.stringify(m.reliability));
      for (const r of Object.values(m.reliability)) assert.ok(r.factor > 0 && r.alpha! > 0 && r.alpha! < 1);
      assert.equal(m.calibration?.['created'], SHIPPED_CALIBRATION.created);
      const run = (await ctx.store.runs.list()).filter((x) => x.stage === 'attribution').at(-1)!;
      const stats = JSON.parse(run.stats) as { model: typeof m };
      assert.deepEqual(stats.model.prior?.countries, m.prior.countries, 'the prior is recorded with the run');
      const withLedger = [...after.values()].flatMap((a) => a.evidence as Array<Record<string, unknown>>);
      assert.ok(
        withLedger.some((e) => e['rawLikelihoodRatio'] !== e['likelihoodRatio']),
        'the ledger shows raw and tempered likelihood ratios',
      );
      assert.ok(withLedger.every((e) => typeof e['specReliability'] === 'number'));
    } finally {
      await ctx.close();
    }
  });
