#!/usr/bin/env node
// Runs the fuzz properties (test/fuzz-*.test.ts) longer than the bounded CI run:
//   npm run fuzz -- [--runs N] [--seconds S] [--seed X] [--only readers|import]
// --runs sets VIGIE_FUZZ_RUNS (runs per property; CI default 30..400 by reader); --seconds repeats rounds with
// fresh random seeds until the time is spent. Every round prints its seed: VIGIE_FUZZ_SEED=<seed> replays it.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const runsPer = opt('runs') ?? '1000';
const seconds = Number(opt('seconds') ?? 0);
const fixedSeed = opt('seed');
const only = opt('only');
const files = ['test/fuzz-readers.test.ts', 'test/fuzz-import.test.ts'].filter(
  (f) => !only || f.includes(only),
);
const until = Date.now() + seconds * 1000;
let round = 0;
let failed = false;
do {
  const seed = fixedSeed ?? String(Math.floor(Math.random() * 2 ** 31));
  round++;
  console.log(`# fuzz round ${round}: VIGIE_FUZZ_RUNS=${runsPer} VIGIE_FUZZ_SEED=${seed}`);
  // node's test runner directly: no per-file timeout (run-tests.mjs stops a file after 10 minutes).
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
    stdio: 'inherit',
    env: { ...process.env, TZ: 'UTC', VIGIE_FUZZ_RUNS: runsPer, VIGIE_FUZZ_SEED: seed },
  });
  if (r.status !== 0) {
    failed = true;
    console.log(
      `# round ${round} failed: replay with VIGIE_FUZZ_RUNS=${runsPer} VIGIE_FUZZ_SEED=${seed} npm run fuzz`,
    );
    break;
  }
} while (!fixedSeed && Date.now() < until);
process.exitCode = failed ? 1 : 0;
