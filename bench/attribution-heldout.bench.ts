// Calibration on fresh held-apart seeds (issue 19): small demo cases of seeds the shipped calibration never saw
// (default 31–40; it was fitted on 11–30, the tests hold 3 apart, the benchmarks 1), each scored against its
// generator's truth with `vigie attribution report`'s use case, then pooled: precision of the confident answers,
// coverage, and the ECE over every posting actor from the pooled reliability bins (23 actors a seed are too few for
// a per-seed ECE to mean much). Run: npm run bench -- attribution-heldout
// ($VIGIE_BENCH_HELDOUT_SEEDS=31-40 picks the seeds; $VIGIE_BENCH_HELDOUT_DIR reuses or keeps the generated cases).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from '../src/app/run-demo.js';
import { openCase } from '../src/app/context.js';
import { reportAttribution } from '../src/app/attribution-report.js';
import type { GroupScore } from '../src/app/attribution-report.js';

const [from, to] = (process.env['VIGIE_BENCH_HELDOUT_SEEDS'] ?? '31-40').split('-').map(Number) as [
  number,
  number,
];
const work = process.env['VIGIE_BENCH_HELDOUT_DIR'] ?? mkdtempSync(join(tmpdir(), 'vigie-heldout-'));

/** Sums over the pooled seeds of one group: counts, and per bin the actors, their confidences and their hits. */
interface Pool {
  actors: number;
  answered: number;
  correct: number;
  bins: { n: number; conf: number; hit: number }[];
}
const pool = (): Pool => ({
  actors: 0,
  answered: 0,
  correct: 0,
  bins: Array.from({ length: 10 }, () => ({ n: 0, conf: 0, hit: 0 })),
});
const pools = { overall: pool(), home: pool(), foreign: pool() };

function add(p: Pool, g: GroupScore): void {
  p.actors += g.actors;
  p.answered += g.answered;
  p.correct += g.correct;
  g.bins.forEach((b, i) => {
    const s = p.bins[i]!;
    s.n += b.actors;
    s.conf += b.actors * (b.confidence ?? 0);
    s.hit += b.actors * (b.accuracy ?? 0);
  });
}

const ece = (p: Pool): number =>
  p.actors ? p.bins.reduce((a, b) => a + Math.abs(b.conf - b.hit), 0) / p.actors : 0;
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

const rows: string[] = [];
for (let seed = from; seed <= to; seed++) {
  const out = join(work, `small-${seed}`);
  if (!existsSync(join(out, 'case', 'case.json')))
    await runDemo({ out, scale: 'small', seed: String(seed), videos: false });
  const ctx = await openCase(join(out, 'case'), { readonly: true });
  try {
    const t = (await reportAttribution(ctx, { truthFile: join(out, 'truth.json') })).truth!;
    add(pools.overall, t.overall);
    add(pools.home, t.home);
    add(pools.foreign, t.foreign);
    rows.push(
      `| ${seed} | ${t.overall.actors} | ${pct(t.overall.precision)} | ${pct(t.overall.coverage)} | ${t.overall.eceAnswered.toFixed(3)} | ${t.overall.ece.toFixed(3)} |`,
    );
  } finally {
    await ctx.close();
  }
}
const line = (name: string, p: Pool): string =>
  `| ${name} | ${p.actors} | ${p.answered ? pct(p.correct / p.answered) : '–'} (${p.correct}/${p.answered}) | ${p.actors ? pct(p.answered / p.actors) : '–'} | ${ece(p).toFixed(3)} |`;
console.log(`## Attribution on held-apart seeds (\`npm run bench -- attribution-heldout\`, seeds ${from}–${to}, small)

| seed | posting actors | precision of confident answers | coverage | ECE of the answers | ECE over all posting actors |
|---|---|---|---|---|---|
${rows.join('\n')}

| pooled | posting actors | precision | coverage | ECE over all posting actors (pooled bins) |
|---|---|---|---|---|
${line('all', pools.overall)}
${line('home country', pools.home)}
${line('foreign', pools.foreign)}
`);
