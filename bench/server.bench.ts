/**
 * The workbench API's list routes (issue 14): p50/p95/p99 of the media page, the new media page, actors and targets
 * through `app.inject()` (session, role and grant checks, the read-only case kept open, response checked
 * against its contract, JSON) against the same use case called directly on an open case (the peer). Pages are
 * walked with their cursors (wrapping round), 100 items each. Budget: p95 ≤ 100 ms.
 *
 * The case: VIGIE_BENCH_SERVER_CASE (a case folder, copied once into the cache), else `vigie demo --scale
 * ${VIGIE_BENCH_SERVER_SCALE:-article}` built once into $TMPDIR/vigie-bench-server-<scale>.
 * VIGIE_BENCH_SERVER_RUNS requests per route (default 200).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildServer } from '../src/server/app.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { openPeople } from '../src/app/users-store.js';
import { addPerson } from '../src/app/users-add.js';
import { grantCase } from '../src/app/users-grant.js';
import { listMedia } from '../src/app/list-media.js';
import { listActors } from '../src/app/list-actors.js';
import { listTargets } from '../src/app/list-targets.js';

const RUNS = Number(process.env['VIGIE_BENCH_SERVER_RUNS'] ?? 200);
const SCALE = process.env['VIGIE_BENCH_SERVER_SCALE'] ?? 'article';
const SOURCE = process.env['VIGIE_BENCH_SERVER_CASE'];
const LIMIT = 100;

/** The cases folder holding the bench case `case` (built or copied once). */
function casesFolder(): { dir: string; what: string } {
  if (SOURCE) {
    // one copy per source folder (a copy of another case must never be measured under this one's name)
    const key = createHash('sha256').update(resolve(SOURCE)).digest('hex').slice(0, 12);
    const dir = join(tmpdir(), `vigie-bench-server-copy-${key}`);
    if (!existsSync(join(dir, 'case', 'case.json'))) {
      mkdirSync(dir, { recursive: true });
      cpSync(resolve(SOURCE), join(dir, 'case'), { recursive: true });
    }
    return { dir, what: `a copy of ${SOURCE}` };
  }
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

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Time `RUNS` calls (after 10 warm-up calls): p50, p95, p99 in ms. */
async function time(fn: (i: number) => Promise<void>): Promise<[number, number, number]> {
  for (let i = 0; i < 10; i++) await fn(i);
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await fn(i);
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return [quantile(t, 0.5), quantile(t, 0.95), quantile(t, 0.99)];
}

const { dir, what } = casesFolder();
const people = await openPeople(dir, { create: true });
const deps = { people, now: Date.now, actor: 'bench', casesDir: dir };
if (!(await people.person('bench')))
  await addPerson(deps, { name: 'bench', role: 'supervisor', password: 'bench-password-1' });
await grantCase(deps, { name: 'bench', case: 'case' });
await people.close();

const app = await buildServer({ casesDir: dir });
const signIn = await app.inject({
  method: 'POST',
  url: '/api/v1/session',
  headers: { origin: 'http://localhost' },
  payload: { username: 'bench', password: 'bench-password-1' },
});
const cookie = `vigie_session=${signIn.cookies[0]!.value}`;
const ctx: CaseContext = await openCase(join(dir, 'case'), { readonly: true });
const stats = (await app.inject({ url: '/api/v1/cases/case/stats', headers: { cookie } })).json() as Record<
  string,
  number
>;

interface Row {
  name: string;
  path: string;
  /** The use case's next page (walking like the API does). */
  peer: () => Promise<unknown>;
}
/** A peer that walks its pages: `fetch(after)` gets `LIMIT + 1` items after a key, `keyOf` keys the last kept. */
function walker<T, K>(
  fetch: (after: K | undefined) => Promise<T[]>,
  keyOf: (t: T) => K,
): () => Promise<unknown> {
  let after: K | undefined;
  return async () => {
    const items = await fetch(after);
    after = items.length > LIMIT ? keyOf(items[LIMIT - 1]!) : undefined;
    return items;
  };
}
const ROWS: Row[] = [
  {
    name: 'media page',
    path: 'media',
    peer: walker(
      (after?: string) => listMedia(ctx, { ...(after ? { after } : {}), limit: LIMIT + 1 }),
      (m) => m.sha256,
    ),
  },
  {
    name: 'new media page',
    path: 'media?status=new',
    peer: walker(
      (after?: string) =>
        listMedia(ctx, { statuses: ['new'], ...(after ? { after } : {}), limit: LIMIT + 1 }),
      (m) => m.sha256,
    ),
  },
  {
    name: 'actors page',
    path: 'actors',
    peer: walker(
      (after?: string) => listActors(ctx, { ...(after ? { after } : {}), limit: LIMIT + 1 }),
      (a) => a.id,
    ),
  },
  {
    name: 'targets page',
    path: 'targets',
    peer: walker(
      (after?: { rank: number; actor: string }) =>
        listTargets(ctx, { ...(after ? { after } : {}), limit: LIMIT + 1 }),
      (t) => ({ rank: t.rank, actor: t.actor }),
    ),
  },
];

const lines: string[] = [];
for (const row of ROWS) {
  let cursor: string | null = null;
  const api = await time(async () => {
    const sep = row.path.includes('?') ? '&' : '?';
    const r = await app.inject({
      url: `/api/v1/cases/case/${row.path}${sep}limit=${LIMIT}${cursor ? `&cursor=${cursor}` : ''}`,
      headers: { cookie },
    });
    if (r.statusCode !== 200) throw new Error(`${row.path}: ${r.statusCode} ${r.body}`);
    cursor = (r.json() as { nextCursor: string | null }).nextCursor;
  });
  const peer = await time(() => row.peer().then(() => undefined));
  const f = (n: number): string => n.toFixed(1);
  lines.push(
    `| ${row.name} | ${f(api[0])} | ${f(api[1])} | ${f(api[2])} | ${f(peer[0])} | ${f(peer[1])} | ${f(peer[2])} | ${api[1] <= 100 ? 'met' : 'over'} |`,
  );
}
await ctx.close();
await app.close();

console.log(`## Workbench API list routes (\`npm run bench -- server\`)

Case: ${what}: ${stats['media']} media (${stats['newMedia']} new), ${stats['actors']} actors, ${stats['targets']} targets.
${RUNS} requests per route after 10 warm-up ones, pages of ${LIMIT} walked with their cursors; API = \`app.inject()\`
(session, role, grant, read-only case kept open, contract check, JSON); peer = the same use case on an open
case, walking its pages the same way. Load average at the end: ${loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')}.

| route | API p50 ms | API p95 ms | API p99 ms | peer p50 ms | peer p95 ms | peer p99 ms | p95 ≤ 100 ms |
|---|---|---|---|---|---|---|---|
${lines.join('\n')}
`);
