#!/usr/bin/env node
// Remake src/pipeline/analyse/attribution/calibration.json: generate demo cases of the given seeds (or reuse them
// under --work), run the attribution model on each without calibration, pair each posting actor's top posterior with
// whether the generator's truth agrees, and fit the isotonic map (ADR 0026). Needs `npm run build` first.
//   node scripts/fit-calibration.mjs [--seeds 11-30] [--scale small] [--work DIR] [--also DIR,...] [--out FILE] [--date D]
// --also adds generated demo folders (truth.json + case/) of other scales, e.g. a medium case of seed 2.
// Keep seed 3 (the tests' small case) and seed 1 (the benchmarks' medium and article cases) out of the fit.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const dist = (p) => import(join(root, 'dist', p));
const { runDemo } = await dist('app/run-demo.js');
const { openCase } = await dist('app/context.js');
const { loadActorSignals } = await dist('app/attribute-actors.js');
const { extractEvidence } = await dist('pipeline/analyse/attribution/attribute.js');
const { attributeEvidence } = await dist('pipeline/analyse/attribution/attribute-case.js');
const { fitIsotonic } = await dist('pipeline/analyse/attribution/calibration.js');
const { defaultIpLookup } = await dist('pipeline/analyse/attribution/ip-data.js');
const { VIGIE_VERSION } = await dist('domain/version.js');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const range = opt('seeds', '11-30');
const seeds = range.includes('-')
  ? Array.from({ length: Number(range.split('-')[1]) - Number(range.split('-')[0]) + 1 }, (_, i) =>
      String(Number(range.split('-')[0]) + i),
    )
  : range.split(',');
const scale = opt('scale', 'small');
const work = resolve(opt('work', join(tmpdir(), 'vigie-calibration')));
const out = resolve(opt('out', join(root, 'src/pipeline/analyse/attribution/calibration.json')));
const date = opt('date', new Date().toISOString().slice(0, 10));
if (seeds.includes('3') || seeds.includes('1'))
  console.error('warning: seeds 1 and 3 are the held-apart seeds of the tests and benchmarks');

const also = opt('also', '')
  .split(',')
  .filter(Boolean)
  .map((d) => resolve(d));
const pairs = [];
const sources = [
  ...seeds.map((seed) => ({ seed, dir: join(work, `${scale}-${seed}`) })),
  ...also.map((dir) => ({ seed: null, dir })),
];
for (const { seed, dir } of sources) {
  if (
    seed !== null &&
    (!existsSync(join(dir, 'case', 'case.json')) || !existsSync(join(dir, 'truth.json')))
  ) {
    mkdirSync(work, { recursive: true });
    console.error(`seed ${seed}: generating a ${scale} demo case in ${dir}`);
    await runDemo({ out: dir, scale, seed, videos: false });
  }
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8'));
  const label = `${truth.generator.scale} seed ${truth.generator.seed}`;
  const ctx = await openCase(join(dir, 'case'), { readonly: true });
  let actors;
  try {
    actors = await ctx.store.transaction((tx) => loadActorSignals(tx), { readonly: true });
  } finally {
    await ctx.close();
  }
  const evidence = actors.map((a) => extractEvidence(a, { ipLookup: defaultIpLookup }));
  const { results } = attributeEvidence(
    actors.map((a) => a.actor),
    evidence,
    { calibration: null },
  );
  const byActor = new Map(results.map((r) => [r.actor, r]));
  let n = 0;
  for (const t of truth.actors) {
    if (!t.posted || t.role === 'undercover') continue;
    const r = byActor.get(t.id);
    const top = r?.candidates[0];
    if (!r || !top || r.reason === 'no evidence') continue;
    pairs.push({ raw: top.probability, right: top.country === t.country });
    n++;
  }
  console.error(`${label}: ${n} posting actors`);
}
const points = fitIsotonic(pairs);
const map = {
  method:
    'isotonic regression (pool adjacent violators) of the top posterior on the demo truth; knots at block means, rates (right + 0.5) / (n + 1)',
  vigieVersion: VIGIE_VERSION,
  created: date,
  scale: also.length ? `${scale} (+ ${also.length} other case${also.length > 1 ? 's' : ''})` : scale,
  seeds,
  also: also.map((d) => {
    const g = JSON.parse(readFileSync(join(d, 'truth.json'), 'utf8')).generator;
    return `${g.scale} seed ${g.seed}`;
  }),
  actors: pairs.length,
  points,
};
// Written as the repository's formatter would write it, so that `prettier --check` passes on a refit.
const prettier = await import('prettier');
const config = (await prettier.resolveConfig(out)) ?? {};
writeFileSync(out, await prettier.format(JSON.stringify(map), { ...config, filepath: out }));
console.error(`${out}: ${points.length} knots from ${pairs.length} actors`);
