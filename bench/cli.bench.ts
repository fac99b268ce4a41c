// Start-up of the built CLI (issue 17): `vigie --version`, `vigie --help` and `vigie stats` on a small case, side by
// side with `node -e 0`, each run ≥ 10 times alternately; medians of CPU (user + system of the child) and wall time.
// Budget: ≤ 0.25 s. The case: VIGIE_BENCH_CLI_CASE (default: a small demo case built here once, without videos).
// Run: npm run bench -- cli   (VIGIE_BENCH_CLI_RUNS=N for more runs; VIGIE_BENCH_CLI_BEFORE=path/to/other/main.js
// adds that build's `stats` to the alternation, e.g. the per-file tsc output of an older commit, for before/after).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve('dist/cli/main.js');
const RUNS = Math.max(10, Number(process.env['VIGIE_BENCH_CLI_RUNS'] ?? 15));

/** CPU and wall seconds of one child process. */
function once(args: readonly string[]): { cpu: number; wall: number } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${String(r.status)}: ${r.stderr}`);
  const [user, sys] = (r.stderr.trim().split('\n').at(-1) ?? '0 0').split(' ').map(Number);
  return { cpu: (user ?? 0) + (sys ?? 0), wall };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

let caseDir = process.env['VIGIE_BENCH_CLI_CASE'];
if (!caseDir) {
  const out = join(mkdtempSync(join(tmpdir(), 'vigie-bench-cli-')), 'demo');
  once([CLI, 'demo', '--scale', 'small', '--out', out, '--no-serve', '--no-videos']);
  caseDir = join(out, 'case');
}
if (!existsSync(join(caseDir, 'case.json'))) throw new Error(`${caseDir}: not a case folder`);

const CASES: Array<readonly [string, readonly string[]]> = [
  ['`node -e 0`', ['-e', '0']],
  ['`vigie --version`', [CLI, '--version']],
  ['`vigie --help`', [CLI, '--help']],
  ['`vigie stats` (small case)', [CLI, 'stats', '--case', caseDir]],
  ['`vigie stats --json` (small case)', [CLI, 'stats', '--json', '--case', caseDir]],
];
const BEFORE = process.env['VIGIE_BENCH_CLI_BEFORE'];
if (BEFORE)
  CASES.push([`\`vigie stats\` (before: ${BEFORE})`, [resolve(BEFORE), 'stats', '--case', caseDir]]);
const samples = CASES.map(() => ({ cpu: [] as number[], wall: [] as number[] }));
const load0 = loadavg()[0] ?? 0;
// Alternate the commands so that a change of load weighs on all of them alike.
for (let i = 0; i < RUNS; i++)
  CASES.forEach(([, args], k) => {
    const r = once(args);
    samples[k]?.cpu.push(r.cpu);
    samples[k]?.wall.push(r.wall);
  });
const base = median(samples[0]?.cpu ?? []);
const lines = CASES.map(([name], k) => {
  const cpu = median(samples[k]?.cpu ?? []);
  const wall = median(samples[k]?.wall ?? []);
  const extra = k === 0 ? '—' : `+${(cpu - base).toFixed(3)}`;
  return `| ${name} | ${cpu.toFixed(3)} | ${extra} | ${wall.toFixed(3)} | ${wall <= 0.25 ? 'yes' : 'no'} |`;
});
console.log(`## CLI start-up (\`npm run bench -- cli\`, issue 17)

${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; load average
${load0.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)}; medians of ${RUNS} runs each, alternated; case ${caseDir}.
CPU is user + system time of the child process (\`/usr/bin/time\`); "over node" is CPU above \`node -e 0\`.

| command | CPU s | over node | wall s | wall ≤ 0.25 s |
|---|---|---|---|---|
${lines.join('\n')}
`);
