/**
 * The actor page route (issue 15): p50/p95/p99 server time of `GET …/actors/{id}/profile` through `app.inject()`
 * (session, role, grant, read-only case kept open, contract check, JSON) over the 50 best-ranked actors, cycling,
 * against the use case called directly on an open case (the peer); CPU time per request from
 * `process.cpuUsage()`. Budget: ≤ 300 ms server time. The cluster spread of each actor's first cluster too.
 *
 * The case: VIGIE_BENCH_ACTOR_CASE (a cases folder holding `case/`, used in place: a copy, e.g.
 * `cp -a /tmp/article-case /tmp/A-article`), else `vigie demo --scale ${VIGIE_BENCH_ACTOR_SCALE:-article}` built
 * once into $TMPDIR/vigie-bench-server-<scale> (the server bench's case). VIGIE_BENCH_ACTOR_RUNS (default 200).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildServer } from '../src/server/app.js';
import { openCase } from '../src/app/context.js';
import { openPeople } from '../src/app/users-store.js';
import { addPerson } from '../src/app/users-add.js';
import { grantCase } from '../src/app/users-grant.js';
import { actorProfile } from '../src/app/actor-profile.js';
import { listTargets } from '../src/app/list-targets.js';

const RUNS = Number(process.env['VIGIE_BENCH_ACTOR_RUNS'] ?? 200);
const SCALE = process.env['VIGIE_BENCH_ACTOR_SCALE'] ?? 'article';
const GIVEN = process.env['VIGIE_BENCH_ACTOR_CASE'];
const TOP = 50;

function casesFolder(): { dir: string; what: string } {
  if (GIVEN) return { dir: resolve(GIVEN), what: `the cases folder ${GIVEN}` };
  const dir = join(tmpdir(), `vigie-bench-server-${SCALE}`);
  if (!existsSync(join(dir, 'case', 'case.json'))) {
    const r = spawnSync(
      process.execPath,
      [resolve('dist/cli/main.js'), 'demo', '--scale', SCALE, '--out', dir, '--no-serve', '--no-videos'],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (r.status !== 0) throw new Error(`vigie demo --scale ${SCALE} failed`);
  }
  return { dir, what: `vigie demo --scale ${SCALE} --no-videos (seed 1)` };
}

const q = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** Time `RUNS` calls after one warm-up round: wall p50/p95/p99 and CPU p50/p95 (ms). */
async function time(n: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  for (let i = 0; i < n; i++) await fn(i);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c = process.cpuUsage();
    const s = performance.now();
    await fn(i % n);
    wall.push(performance.now() - s);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return [q(wall, 0.5), q(wall, 0.95), q(wall, 0.99), q(cpu, 0.5), q(cpu, 0.95)];
}

const { dir, what } = casesFolder();
const people = await openPeople(dir, { create: true });
const deps = { people, now: Date.now, actor: 'bench', casesDir: dir };
if (!(await people.person('bench-a')))
  await addPerson(deps, { name: 'bench-a', role: 'supervisor', password: 'bench-password-1' });
await grantCase(deps, { name: 'bench-a', case: 'case' });
await people.close();

const app = await buildServer({ casesDir: dir });
const signIn = await app.inject({
  method: 'POST',
  url: '/api/v1/session',
  headers: { origin: 'http://localhost' },
  payload: { username: 'bench-a', password: 'bench-password-1' },
});
const cookie = `vigie_session=${signIn.cookies[0]!.value}`;
const ctx = await openCase(join(dir, 'case'), { readonly: true });
const top = (await listTargets(ctx, { limit: TOP })).map((t) => t.actor);
const clusters: string[] = [];
for (const id of top) {
  const c = (await actorProfile(ctx, { id })).clusters[0];
  if (c) clusters.push(c.id);
}
const get = async (url: string): Promise<void> => {
  const r = await app.inject({ url, headers: { cookie } });
  if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
};
const rows: Array<[string, number[], number]> = [
  [
    'actor page (API)',
    await time(top.length, (i) => get(`/api/v1/cases/case/actors/${encodeURIComponent(top[i]!)}/profile`)),
    300,
  ],
  [
    'actor page (use case)',
    await time(top.length, (i) => actorProfile(ctx, { id: top[i]! }).then(() => undefined)),
    300,
  ],
];
if (clusters.length)
  rows.push([
    'cluster spread (API)',
    await time(clusters.length, (i) =>
      get(`/api/v1/cases/case/clusters/${encodeURIComponent(clusters[i]!)}/spread`),
    ),
    300,
  ]);
await ctx.close();
await app.close();

const f = (n: number): string => n.toFixed(1);
console.log(`## Actor page and cluster spread (\`npm run bench -- actor\`)

Case: ${what}. ${RUNS} requests cycling over the ${top.length} best-ranked actors (and the first cluster each
originated, ${clusters.length} clusters) after one warm-up round; API = \`app.inject()\` (session, role, grant,
read-only case kept open, contract check, JSON); CPU = this process's user + system time per request. Load average
at the end: ${loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')}.

| route | p50 ms | p95 ms | p99 ms | CPU p50 ms | CPU p95 ms | p95 ≤ budget |
|---|---|---|---|---|---|---|
${rows.map(([n, t, b]) => `| ${n} | ${f(t[0]!)} | ${f(t[1]!)} | ${f(t[2]!)} | ${f(t[3]!)} | ${f(t[4]!)} | ${t[1]! <= b ? 'met' : 'over'} (${b} ms) |`).join('\n')}
`);
