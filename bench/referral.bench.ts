// A referral package for 30 accepted targets of the article-scale case (issue 16): gather, CASE/UCO graph, SHACL
// validation against CASE 1.4.0, VICS, raw evidence, reports in three languages, BagIt manifests, signature.
// The case: VIGIE_BENCH_REFERRAL_CASE (default /tmp/R-article/case, a `cp -a` of the article-scale demo case;
// it is written to: 30 target decisions and one referral per run). Budget: ≤ 30 s including SHACL validation.
// Run: VIGIE_BENCH_REFERRAL_CASE=/tmp/R-article/case npm run bench -- referral
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openCase } from '../src/app/context.js';
import { decideTarget } from '../src/app/decide-target.js';
import { listTargets } from '../src/app/list-targets.js';
import { referActors } from '../src/app/refer-actors.js';
import { createUnitKey } from '../src/app/create-key.js';

const CASE = resolve(process.env['VIGIE_BENCH_REFERRAL_CASE'] ?? '/tmp/R-article/case');
const TARGETS = Number(process.env['VIGIE_BENCH_REFERRAL_TARGETS'] ?? 30);
const SHAPES = resolve(process.env['VIGIE_CASE_SHAPES'] ?? '../shared/standards');

function sizeOf(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) {
      const s = sizeOf(p);
      files += s.files;
      bytes += s.bytes;
    } else {
      files++;
      bytes += statSync(p).size;
    }
  }
  return { files, bytes };
}

if (!existsSync(join(CASE, 'case.json'))) {
  console.log(`## Referral packages\n\nskipped: no case at ${CASE} (cp -a the article-scale case there)\n`);
  process.exit(0);
}
const state = mkdtempSync(join(tmpdir(), 'vigie-bench-referral-'));
process.env['VIGIE_KEY_DIR'] = join(state, 'keys');
process.env['VIGIE_ANCHOR_DIR'] = join(state, 'anchors');
await createUnitKey({ name: 'BENCH' });
const ctx = await openCase(CASE, {});
try {
  const all = await listTargets(ctx);
  const counts = new Map<string, number>();
  for (const t of all)
    if (t.attribution?.country)
      counts.set(t.attribution.country, (counts.get(t.attribution.country) ?? 0) + 1);
  const country = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const chosen = all.filter((t) => t.attribution?.country === country).slice(0, TARGETS);
  for (const t of chosen)
    if (t.decision?.decision !== 'accept')
      await decideTarget(ctx, { actor: t.actor, decision: 'accept', reason: 'bench' });
  const out = join(state, 'package');
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await referActors(ctx, {
    actors: chosen.map((t) => t.actor),
    country,
    out,
    languages: ['en', 'de'],
    shapes: SHAPES,
    reference: 'BENCH-1',
  });
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  const size = sizeOf(out);
  console.log(`## Referral packages (\`bench/referral.bench.ts\`)\n`);
  console.log(
    `${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${loadavg()[0]!.toFixed(1)}; case ${CASE}\n`,
  );
  console.log('| targets | country | CASE graph | SHACL | files | size | wall | CPU | ≤ 30 s |');
  console.log('|---:|---|---:|---|---:|---:|---:|---:|---|');
  console.log(
    `| ${r.actors.length} | ${country} | ${r.validation?.triples ?? '?'} triples | ${r.validation?.violations ?? '?'} violations | ${size.files} | ${(size.bytes / 1e6).toFixed(1)} MB | ${seconds.toFixed(1)} s | ${cpu.toFixed(1)} s | ${seconds <= 30 ? 'yes' : 'no'} |\n`,
  );
} finally {
  await ctx.close();
}
