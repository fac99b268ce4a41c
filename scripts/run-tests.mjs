#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's test runner (TypeScript through tsx),
// prints the spec report, and ends with the line `N passed, N failed` that CI reads.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestPostgres, stopOnSignals } from './test-postgres.mjs';

const roots = ['src', 'test'];
const filter = process.argv.slice(2);
function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
// The slowest files first (measured: VIGIE_TEST_TIMES=all), so the run does not end waiting on one long file.
const SLOW_FIRST = [
  'verify-tamper',
  'cli-listings',
  'analyse-both',
  'server-api',
  'browser-search',
  'import-link-cli',
  'verify-databases',
  'concurrency-cli',
  'referral.test',
  'vpdq-match',
  'triage-api-decisions',
  'jobs-worker',
  'vpdq-fixtures',
  'anchor-cli',
];
const rank = (f) => {
  const i = SLOW_FIRST.findIndex((s) => f.includes(s));
  return i < 0 ? SLOW_FIRST.length : i;
};
let files = roots
  .flatMap((r) => walk(r, []))
  .sort()
  .sort((a, b) => rank(a) - rank(b));
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));

process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import tsx`.trim();
process.env.TZ = 'UTC';
// Anchor journals and unit keys of every test go to a temporary folder, never under ~ (test/helpers/cli.ts
// gives each test file that imports it its own).
const state = mkdtempSync(join(tmpdir(), 'vigie-test-state-'));
process.env.VIGIE_ANCHOR_DIR = join(state, 'anchors');
process.env.VIGIE_KEY_DIR = join(state, 'keys');
// Fixture cases shared between test files, built once per run (test/helpers/built-case.ts).
process.env.VIGIE_TEST_CACHE = join(state, 'cases');
delete process.env.VIGIE_KEY;
// Store tests run on both databases: a throwaway PostgreSQL server unless $VIGIE_TEST_PG names one.
let pg = null;
if (!process.env.VIGIE_TEST_PG && process.env.VIGIE_TEST_PG !== '') {
  pg = await startTestPostgres();
  if (pg) process.env.VIGIE_TEST_PG = pg.url;
  else process.stderr.write('warning: no PostgreSQL binaries (apt-get install postgresql): SQLite only\n');
}
stopOnSignals(pg, () => rmSync(state, { recursive: true, force: true }));
let passed = 0;
let failed = 0;
let todo = 0;
const started = Date.now();
// 10 minutes per file unless $VIGIE_TEST_FILE_TIMEOUT_S says otherwise (a machine shared with other work).
const timeout = Number(process.env.VIGIE_TEST_FILE_TIMEOUT_S || 600) * 1000;
// Four files at once on two cores: the files wait on child processes, the browser and the database part of their
// time (at three, 2026-12-07: 25.3 min user + system CPU in 17.7 min wall, 1.43 cores). $VIGIE_TEST_CONCURRENCY
// changes it.
const concurrency = Number(process.env.VIGIE_TEST_CONCURRENCY || 4);
const stream = run({ files, concurrency, timeout });
// Per-file durations (the file's own `test:complete`, named by its path) for the summary on stderr.
const relative = new Set(files);
const durations = new Map();
stream.on('test:complete', (e) => {
  if (e.nesting === 0 && relative.has(e.name)) durations.set(e.name, e.details?.duration_ms ?? 0);
});
stream.on('test:pass', (e) => {
  if (e.details?.type !== 'suite' && e.nesting >= 0 && !e.skip && !e.todo) passed++;
});
stream.on('test:fail', (e) => {
  // A `todo` test that fails is a known, documented gap (its reason is printed): counted apart, not as a failure.
  if (e.details?.type === 'suite') return;
  if (e.todo) todo++;
  else failed++;
});
const report = stream.compose(spec);
report.pipe(process.stdout, { end: false });
report.on('end', () => {
  const byTime = [...durations].sort((a, b) => b[1] - a[1]);
  const sum = byTime.reduce((t, [, ms]) => t + ms, 0);
  const shown = process.env.VIGIE_TEST_TIMES === 'all' ? byTime : byTime.slice(0, 15);
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  process.stderr.write(
    `\nslowest test files (all: VIGIE_TEST_TIMES=all):\n` +
      shown.map(([f, ms]) => `  ${s(ms).padStart(8)}  ${f}\n`).join('') +
      `  ${byTime.length} files, ${s(sum)} summed, ${s(Date.now() - started)} wall\n`,
  );
  if (todo) process.stdout.write(`\n${todo} todo (known gaps, failing as expected)`);
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  process.exitCode = failed > 0 || files.length === 0 ? 1 : 0;
});
