// The whole pipeline — the demo's own stages (STAGES of src/app/stages.ts: import → returns → hash → hash lists → match → analyse
// → attribute → score) — on a generated demo folder, each stage timed. VIGIE_BENCH_PIPELINE_DIR=<folder written by
// `vigie demo`> reuses one (e.g. `vigie demo --scale article --out /tmp/article --no-serve`); otherwise a `small`
// case is generated.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { demoPipelineInput } from '../src/app/run-demo.js';
import { runStages } from '../src/app/stages.js';
import { caseStats } from '../src/app/case-stats.js';
import { generateCase, type GenerateResult } from '../src/demo/index.js';

/** Rebuild what the demo stages need from a demo folder's truth.json. */
function fromTruth(dir: string): GenerateResult {
  const t = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as {
    exports: { path: string; account: string; exporterTimeZone: string; needsTz: boolean }[];
    hashlists: (GenerateResult['hashlists'][number] & { path: string })[];
  };
  return {
    out: dir,
    truthPath: join(dir, 'truth.json'),
    returnsPath: join(dir, 'returns/returns.csv'),
    exports: t.exports.map((e) => ({
      path: join(dir, e.path),
      account: e.account,
      tz: e.exporterTimeZone,
      needsTz: e.needsTz,
    })),
    hashlists: t.hashlists.map((l) => ({ ...l, file: join(dir, l.path) })),
    counts: {},
    timings: {},
  };
}

const given = process.env['VIGIE_BENCH_PIPELINE_DIR'];
const gen = given
  ? fromTruth(given)
  : await generateCase({
      out: join(mkdtempSync(join(tmpdir(), 'vigie-pipeline-bench-')), 'demo'),
      scale: 'small',
      seed: 1,
    });
const c = join(gen.out, 'case-bench');
rmSync(c, { recursive: true, force: true });
await initCase({ dir: c, home: 'FR' });
const ctx = await openCase(c);
const rows: [string, number][] = [];
await runStages(ctx, demoPipelineInput(gen, {}), {}, (s) => rows.push([s.name, s.ms]));
const st = await caseStats(ctx);
await ctx.close();
const total = rows.reduce((a, [, ms]) => a + ms, 0);
console.log(`## Whole pipeline (\`${given ? `VIGIE_BENCH_PIPELINE_DIR=${given} ` : ''}npm run bench -- pipeline\`)

Case: ${st.messages} messages, ${st.images} images, ${st.members} accounts; budget for an article-sized case: 10 min.

| stage | time |
|---|---:|
${rows.map(([n, ms]) => `| ${n} | ${(ms / 1000).toFixed(1)} s |`).join('\n')}
| **total** | **${(total / 1000).toFixed(1)} s** (${(total / 60000).toFixed(1)} min) |
`);
