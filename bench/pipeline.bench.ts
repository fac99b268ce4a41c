// The whole pipeline (import → returns → hash → hash lists → match → analyse + attribution + triage) on a generated
// demo folder, each stage timed. VIGIE_BENCH_PIPELINE_DIR=<folder written by `vigie demo`> reuses one (e.g. the
// article scale: `vigie demo --scale article --out /tmp/article --no-serve`); otherwise a `small` case is generated.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { importSources } from '../src/app/import-sources.js';
import { addReturns } from '../src/app/add-returns.js';
import { hashMedia } from '../src/app/hash-media.js';
import { addHashList } from '../src/app/add-hashlist.js';
import { matchMedia } from '../src/app/match-media.js';
import { analyseAll } from '../src/app/analyse-all.js';
import { caseStats } from '../src/app/case-stats.js';
import { generateCase } from '../src/pipeline/generate/index.js';

const given = process.env['VIGIE_BENCH_PIPELINE_DIR'];
const dir = given ?? join(mkdtempSync(join(tmpdir(), 'vigie-pipeline-bench-')), 'demo');
if (!given) await generateCase({ out: dir, scale: 'small', seed: 1 });
const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as {
  exports: { path: string; account: string; exporterTimeZone: string; needsTz: boolean }[];
  hashlists?: unknown;
};
const c = join(dir, 'case-bench');
rmSync(c, { recursive: true, force: true });
await initCase({ dir: c, home: 'FR' });
const ctx = openCase(c);
const rows: [string, number][] = [];
async function stage(name: string, f: () => Promise<unknown>): Promise<void> {
  const t = performance.now();
  await f();
  rows.push([name, performance.now() - t]);
}
await stage('import', async () => {
  for (const e of truth.exports)
    await importSources(ctx, {
      paths: [join(dir, e.path)],
      account: e.account,
      tz: e.needsTz ? e.exporterTimeZone : undefined,
    });
});
await stage('returns', () => addReturns(ctx, { file: join(dir, 'returns/returns.csv'), label: 'returns' }));
await stage('hash', () => hashMedia(ctx, {}));
await stage('hash lists', async () => {
  await addHashList(ctx, { file: join(dir, 'hashlists/known-vics.json'), name: 'known-vics', role: 'alert' });
  await addHashList(ctx, { file: join(dir, 'hashlists/known-pdq.txt'), name: 'known-pdq', role: 'alert' });
  await addHashList(ctx, { file: join(dir, 'hashlists/ignore.txt'), name: 'ignore', role: 'ignore' });
});
await stage('match', () => matchMedia(ctx));
await stage('analyse + attribution + triage', () => analyseAll(ctx));
const s = await caseStats(ctx);
ctx.close();
const total = rows.reduce((a, [, ms]) => a + ms, 0);
console.log(`## Whole pipeline (\`${given ? `VIGIE_BENCH_PIPELINE_DIR=${given} ` : ''}npm run bench -- pipeline\`)

Case: ${s.messages} messages, ${s.images} images, ${s.members} accounts; budget for an article-sized case: 10 min.

| stage | time |
|---|---:|
${rows.map(([n, ms]) => `| ${n} | ${(ms / 1000).toFixed(1)} s |`).join('\n')}
| **total** | **${(total / 1000).toFixed(1)} s** (${(total / 60000).toFixed(1)} min) |
`);
