/**
 * Full-text search (issue 15) on the article-scale case: p50/p95/p99 of `searchMessages` (first page of 50, with
 * excerpts) over a fixed set of queries — words, accent-free words, phrases, prefixes, names, filters — against a
 * brute-force scan of the same texts (the peer: `LIKE` over every message text, version and name, SQLite); and the
 * index build (`vigie search --rebuild`'s use case) against the import time the case's runs record. Budgets: search
 * p95 ≤ 150 ms; index build ≤ 20 % of import time. With $VIGIE_BENCH_PG, the same queries on a PostgreSQL copy
 * (`vigie case copy --database`, which rebuilds the index there).
 *
 * The case: VIGIE_BENCH_SEARCH_CASE (default /tmp/article-case/case), copied once (database files copied, evidence
 * hard-linked) into $TMPDIR/vigie-bench-search-<key>; opening the copy writable runs migration 9 (the index fill).
 * VIGIE_BENCH_SEARCH_RUNS calls per query (default 20).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openCase, type CaseContext } from '../src/app/context.js';
import { searchMessages, type SearchInput } from '../src/app/search-messages.js';
import { rebuildSearchIndex } from '../src/app/search-rebuild.js';

const RUNS = Number(process.env['VIGIE_BENCH_SEARCH_RUNS'] ?? 20);
const SOURCE = resolve(process.env['VIGIE_BENCH_SEARCH_CASE'] ?? '/tmp/article-case/case');
const PG = process.env['VIGIE_BENCH_PG'];
const key = createHash('sha256').update(SOURCE).digest('hex').slice(0, 12);
const root = join(tmpdir(), `vigie-bench-search-${key}`);
const dir = join(root, 'case');

/** Copy the case once: its database files, evidence as hard links (never written), an empty derived folder. */
function copyCase(): boolean {
  if (existsSync(join(dir, 'case.json'))) return false;
  mkdirSync(dir, { recursive: true });
  for (const f of ['case.json', 'case.sqlite', 'case.sqlite-wal'])
    if (existsSync(join(SOURCE, f))) copyFileSync(join(SOURCE, f), join(dir, f));
  const r = spawnSync('cp', ['-al', join(SOURCE, 'evidence'), join(dir, 'evidence')]);
  if (r.status !== 0) throw new Error(`cp -al evidence: ${r.stderr.toString()}`);
  mkdirSync(join(dir, 'derived'), { recursive: true });
  return true;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** p50, p95, p99 of ms. */
function pcts(t: number[]): [number, number, number] {
  const s = [...t].sort((a, b) => a - b);
  return [quantile(s, 0.5), quantile(s, 0.95), quantile(s, 0.99)];
}

const QUERIES: SearchInput[] = [
  { query: 'good' },
  { query: 'the' },
  { query: 'mexico' },
  { query: 'deja' },
  { query: 'manana' },
  { query: 'сегодня' },
  { query: '"good night"' },
  { query: '"see you later"' },
  { query: 'goo*' },
  { query: 'tra*' },
  { query: 'coffee corner' },
  { query: 'zzzqqq' },
  { query: 'the', hasMedia: true },
  { query: 'the', status: 'new' },
  { query: 'good', from: '2023-01-01', to: '2023-12-31' },
];

/** Time every query RUNS times (after 2 warm-ups each): all timings, and the p95 per query. */
async function timeQueries(ctx: CaseContext): Promise<{ all: number[]; per: number[]; hits: number[] }> {
  const all: number[] = [];
  const per: number[] = [];
  const hits: number[] = [];
  for (const q of QUERIES) {
    for (let i = 0; i < 2; i++) await searchMessages(ctx, q);
    const t: number[] = [];
    let n = 0;
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      n = (await searchMessages(ctx, q)).items.length;
      t.push(performance.now() - s);
    }
    all.push(...t);
    per.push(pcts(t)[1]);
    hits.push(n);
  }
  return { all, per, hits };
}

/** The peer: a LIKE scan of every text for each word of the plain queries (SQLite, no index), first 50 rows. */
function timePeer(file: string): number[] {
  const db = new Database(file, { readonly: true });
  const t: number[] = [];
  try {
    for (const q of QUERIES) {
      const words = q.query.replace(/["*]/g, '').split(/\s+/);
      const where = words.map(() => 'body LIKE ?').join(' AND ');
      const stmt = db.prepare(`SELECT * FROM (
          SELECT chat_id, message_id, text AS body FROM message WHERE text IS NOT NULL
          UNION ALL SELECT chat_id, message_id, text FROM message_version WHERE text IS NOT NULL
          UNION ALL SELECT actor_id, NULL, name FROM actor_name
          UNION ALL SELECT chat_id, NULL, title FROM chat_title) WHERE ${where}`);
      const args = words.map((w) => `%${w}%`);
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        stmt.all(...args);
        t.push(performance.now() - s);
      }
    }
  } finally {
    db.close();
  }
  return t;
}

const fmt = (n: number) => n.toFixed(1);
const fresh = copyCase();
let t0 = performance.now();
const writable = await openCase(dir);
const migrationMs = performance.now() - t0;
const rebuilds: number[] = [];
let documents = 0;
for (let i = 0; i < 3; i++) {
  t0 = performance.now();
  documents = (await rebuildSearchIndex(writable)).documents;
  rebuilds.push(performance.now() - t0);
}
await writable.close();
const lite = new Database(join(dir, 'case.sqlite'), { readonly: true });
const runs = lite
  .prepare(
    `SELECT started_at AS s, finished_at AS f FROM pipeline_run WHERE stage = 'import' AND finished_at IS NOT NULL`,
  )
  .all() as { s: string; f: string }[];
const messages = (lite.prepare('SELECT count(*) AS n FROM message').get() as { n: number }).n;
lite.close();
const importMs = runs.reduce((a, r) => a + Date.parse(r.f) - Date.parse(r.s), 0);
const buildMs = pcts(rebuilds)[0];

const ctx = await openCase(dir, { readonly: true });
const sqlite = await timeQueries(ctx);
await ctx.close();
const peer = timePeer(join(dir, 'case.sqlite'));

let pg: Awaited<ReturnType<typeof timeQueries>> | null = null;
let pgCopyMs = 0;
if (PG) {
  const pgDir = join(root, 'case-pg');
  // A copy made by an earlier run is reused unless VIGIE_BENCH_SEARCH_PG_FRESH is set (the copy takes minutes).
  const reuse = existsSync(join(pgDir, 'case.json')) && !process.env['VIGIE_BENCH_SEARCH_PG_FRESH'];
  if (!reuse) rmSync(pgDir, { recursive: true, force: true });
  t0 = performance.now();
  const r = reuse
    ? { status: 0 }
    : spawnSync(
        process.execPath,
        [resolve('dist/cli/main.js'), 'case', 'copy', dir, pgDir, '--database', PG],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
  pgCopyMs = reuse ? NaN : performance.now() - t0;
  if (r.status === 0) {
    const c = await openCase(pgDir, { readonly: true });
    pg = await timeQueries(c);
    await c.close();
  }
}

const [p50, p95, p99] = pcts(sqlite.all);
const [b50, b95, b99] = pcts(peer);
console.log(`## Full-text search (\`bench/search.bench.ts\`)

Case: ${SOURCE} (${messages} messages, ${documents} documents indexed)${fresh ? `; migration 9 filled it on first open in ${fmt(migrationMs)} ms` : ''}. ${QUERIES.length} queries × ${RUNS} calls, first page of 50 with excerpts. Load average ${loadavg()
  .map((x) => x.toFixed(1))
  .join(' ')}.

| | p50 ms | p95 ms | p99 ms | budget |
|---|---|---|---|---|
| search, SQLite (FTS5) | ${fmt(p50)} | ${fmt(p95)} | ${fmt(p99)} | p95 ≤ 150 ms: ${p95 <= 150 ? 'yes' : 'no'} |
${pg ? `| search, PostgreSQL (tsvector + GIN) | ${pcts(pg.all).map(fmt).join(' | ')} | p95 ≤ 150 ms: ${pcts(pg.all)[1] <= 150 ? 'yes' : 'no'} |\n` : ''}| peer: LIKE scan of every text (SQLite) | ${fmt(b50)} | ${fmt(b95)} | ${fmt(b99)} | |

| query | hits (page) | p95 SQLite ms${pg ? ' | p95 PostgreSQL ms' : ''} |
|---|---|---${pg ? '|---' : ''}|
${QUERIES.map((q, i) => `| \`${JSON.stringify(q).replace(/\|/g, '\\|')}\` | ${sqlite.hits[i]} | ${fmt(sqlite.per[i] ?? NaN)}${pg ? ` | ${fmt(pg.per[i] ?? NaN)}` : ''} |`).join('\n')}

Index build (rebuild, median of 3): ${fmt(buildMs)} ms against ${fmt(importMs / 1000)} s of import recorded in the case's runs (${runs.length} sources): ${fmt((100 * buildMs) / importMs)} % (budget ≤ 20 %: ${buildMs <= 0.2 * importMs ? 'yes' : 'no'}).${pg && !Number.isNaN(pgCopyMs) ? ` PostgreSQL copy (rows, then the index rebuilt there): ${fmt(pgCopyMs / 1000)} s.` : ''}
`);
