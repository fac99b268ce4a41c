#!/usr/bin/env node
// Runs every bench/*.ts (or those whose name contains an argument) with tsx, one after the other,
// and prints their markdown sections. Each bench prints its own command, machine and date. Benches that compare
// the databases (bench/store.bench.ts) get a throwaway PostgreSQL server started like the tests' one
// ($VIGIE_BENCH_PG names an existing server instead; an empty value skips PostgreSQL).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { startTestPostgres, stopOnSignals } from './test-postgres.mjs';

const filter = process.argv.slice(2);
const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter.length || filter.some((x) => f.includes(x)))
  .sort();
console.log(
  `# Vigie benchmarks — ${new Date().toISOString().slice(0, 10)} — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`,
);
let pg = null;
if (process.env.VIGIE_BENCH_PG === undefined) {
  pg = await startTestPostgres();
  if (pg) process.env.VIGIE_BENCH_PG = pg.url;
  else process.stderr.write('warning: no PostgreSQL binaries (apt-get install postgresql): SQLite only\n');
}
stopOnSignals(pg);
let failed = 0;
for (const b of benches) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${b}`], {
    stdio: 'inherit',
    env: { ...process.env, TZ: 'UTC' },
  });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
