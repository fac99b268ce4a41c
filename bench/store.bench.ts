/**
 * The two databases side by side in one run (issue 13): the import of the same export, the whole demo pipeline
 * (small; VIGIE_BENCH_STORE_SCALES=small,medium adds medium), and hashing — the in-process thread pool on each
 * database against two `vigie worker` processes taking jobs on PostgreSQL. Medians of VIGIE_BENCH_STORE_RUNS runs
 * (default 3 for import and hashing, 1 for the pipeline), SQLite and PostgreSQL alternating so load drifts hit both.
 * PostgreSQL is the throwaway server `npm run bench` starts ($VIGIE_BENCH_PG). A command that does not run on a
 * PostgreSQL case yet is reported as such, not timed.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { demoPipelineInput } from '../src/app/run-demo.js';
import { runStages } from '../src/app/stages.js';
import { generateCase, type GenerateResult } from '../src/demo/index.js';

const CLI = resolve('dist/cli/main.js');
const PG = process.env['VIGIE_BENCH_PG'] || undefined;
const RUNS = Number(process.env['VIGIE_BENCH_STORE_RUNS'] ?? 3);
const SCALES = (process.env['VIGIE_BENCH_STORE_SCALES'] ?? 'small').split(',') as ('small' | 'medium')[];
const root = mkdtempSync(join(tmpdir(), 'vigie-store-bench-'));
type Kind = 'sqlite' | 'postgres';
const KINDS: Kind[] = PG ? ['sqlite', 'postgres'] : ['sqlite'];
const NOT_YET = /does not run on a PostgreSQL case yet/;
let n = 0;

/** Run the built CLI; resolves with wall milliseconds, or a reason when the command refused. */
function cli(args: string[]): Promise<{ ms: number } | { refused: string }> {
  const t = performance.now();
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', rej);
    child.on('close', (code) => {
      if (code === 0) res({ ms: performance.now() - t });
      else if (NOT_YET.test(err)) res({ refused: 'not on PostgreSQL yet' });
      else rej(new Error(`vigie ${args.join(' ')}: exit ${code}: ${err.slice(0, 500)}`));
    });
  });
}

async function newCase(kind: Kind): Promise<string> {
  const dir = join(root, `case-${++n}`);
  await initCase({ dir, database: kind === 'postgres' ? PG : undefined });
  return dir;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const s = (ms: number): string => (Number.isNaN(ms) ? '—' : `${(ms / 1000).toFixed(2)} s`);
const ratio = (a: number, b: number): string =>
  Number.isNaN(a) || Number.isNaN(b) ? '—' : `${(b / a).toFixed(2)}×`;

/** Time `body` RUNS times per database, alternating; medians per database (NaN when refused). */
async function sideBySide(
  runs: number,
  body: (kind: Kind) => Promise<{ ms: number } | { refused: string }>,
): Promise<{ sqlite: number; postgres: number; note: string }> {
  const times: Record<Kind, number[]> = { sqlite: [], postgres: [] };
  let note = '';
  for (let i = 0; i < runs; i++)
    for (const kind of KINDS) {
      let r: { ms: number } | { refused: string };
      try {
        r = await body(kind);
      } catch (e) {
        if (kind === 'sqlite') throw e;
        r = { refused: `fails: ${((e as Error).message.split('\n')[0] ?? '').slice(-120)}` };
      }
      if ('ms' in r) times[kind].push(r.ms);
      else note = r.refused;
    }
  return { sqlite: median(times.sqlite), postgres: median(times.postgres), note };
}

/** A text-only export of `count` messages by 400 invented accounts. */
function textExport(dir: string, count: number): string {
  mkdirSync(dir, { recursive: true });
  const messages = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    type: 'message',
    date: new Date((1_700_000_000 + i * 7) * 1000).toISOString().slice(0, 19),
    date_unixtime: String(1_700_000_000 + i * 7),
    from: `User ${i % 400}`,
    from_id: `user${1000 + (i % 400)}`,
    text: `garden note ${i} about the pond and the morning tea`,
    text_entities: [{ type: 'plain', text: `garden note ${i} about the pond and the morning tea` }],
  }));
  writeFileSync(
    join(dir, 'result.json'),
    JSON.stringify({ name: 'Bench', type: 'private_supergroup', id: 9, messages }),
  );
  return dir;
}

/** An export of `count` benign gradient photos of `size` pixels. */
async function photoExport(dir: string, count: number, size: number): Promise<string> {
  mkdirSync(join(dir, 'photos'), { recursive: true });
  const messages = [];
  for (let i = 0; i < count; i++) {
    const px = Buffer.alloc(size * size * 3);
    for (let p = 0; p < size * size; p++) {
      px[p * 3] = ((p % size) * 3 + i * 37) & 255;
      px[p * 3 + 1] = (Math.floor(p / size) * 5 + i * 91) & 255;
      px[p * 3 + 2] = (i * 53) & 255;
    }
    await sharp(px, { raw: { width: size, height: size, channels: 3 } })
      .jpeg()
      .toFile(join(dir, `photos/p${i}.jpg`));
    const t = 1_700_000_000 + i;
    messages.push({
      id: i + 1,
      type: 'message',
      date: new Date(t * 1000).toISOString().slice(0, 19),
      date_unixtime: String(t),
      from: 'A',
      from_id: 'user1',
      photo: `photos/p${i}.jpg`,
      width: size,
      height: size,
      text: '',
      text_entities: [],
    });
  }
  writeFileSync(
    join(dir, 'result.json'),
    JSON.stringify({ name: 'Photos', type: 'private_supergroup', id: 8, messages }),
  );
  return dir;
}

const rows: string[] = [];
const row = (what: string, r: { sqlite: number; postgres: number; note: string }, budget: string): void => {
  rows.push(
    `| ${what} | ${s(r.sqlite)} | ${r.note || s(r.postgres)} | ${ratio(r.sqlite, r.postgres)} | ${budget} |`,
  );
};

// 1. Import of the same export.
const messages = Number(process.env['VIGIE_BENCH_STORE_MESSAGES'] ?? 100_000);
const text = textExport(join(root, 'text'), messages);
row(
  `import, ${messages} messages`,
  await sideBySide(RUNS, async (kind) =>
    cli(['import', '--case', await newCase(kind), '--account', 'bench', text]),
  ),
  '≤ 1.5×',
);

// 2. The whole demo pipeline (the demo's stages, in process).
for (const scale of SCALES) {
  const gen: GenerateResult = await generateCase({ out: join(root, `demo-${scale}`), scale, seed: 1 });
  const r = await sideBySide(1, async (kind) => {
    const ctx = await openCase(await newCase(kind));
    const t = performance.now();
    try {
      await runStages(ctx, demoPipelineInput(gen, {}));
    } catch (e) {
      if (NOT_YET.test((e as Error).message)) return { refused: 'not on PostgreSQL yet' };
      throw e;
    } finally {
      await ctx.close().catch(() => undefined);
    }
    return { ms: performance.now() - t };
  });
  row(`whole ${scale} demo pipeline`, r, '≤ 1.3×');
}

// 3. Hashing: the in-process pool (2 threads) on each database, and 2 workers taking jobs on PostgreSQL.
const photos = await photoExport(
  join(root, 'photos'),
  Number(process.env['VIGIE_BENCH_STORE_PHOTOS'] ?? 300),
  640,
);
const imported = async (kind: Kind): Promise<string | null> => {
  const dir = await newCase(kind);
  return 'ms' in (await cli(['import', '--case', dir, '--account', 'bench', photos])) ? dir : null;
};
const pool = await sideBySide(RUNS, async (kind) => {
  const dir = await imported(kind);
  return dir ? cli(['hash', '--case', dir, '--workers', '2']) : { refused: 'not on PostgreSQL yet' };
});
row('hash, in-process pool of 2 threads', pool, '—');
if (PG) {
  const times: number[] = [];
  let note = '';
  for (let i = 0; i < RUNS; i++) {
    const dir = await imported('postgres');
    if (!dir) {
      note = 'not on PostgreSQL yet';
      break;
    }
    const t = performance.now();
    const q = await cli(['hash', '--case', dir, '--jobs', '--batch', '25']);
    if (!('ms' in q)) {
      note = q.refused;
      break;
    }
    const w = await Promise.all([1, 2].map(() => cli(['worker', '--case', dir, '--until-idle'])));
    if (w.every((x) => 'ms' in x)) times.push(performance.now() - t);
  }
  const jobs = median(times);
  rows.push(
    `| hash, 2 \`vigie worker\` processes (jobs of 25) | — | ${note || s(jobs)} | ${ratio(pool.postgres, jobs)} vs the pool on PostgreSQL | — |`,
  );
}

console.log(`## SQLite and PostgreSQL side by side (\`npm run bench -- store\`)

${new Date().toISOString().slice(0, 10)}; load average ${loadavg()[0]!.toFixed(1)} at the end; medians of ${RUNS} (pipeline: 1) per database, alternating. PostgreSQL: ${PG ? 'the throwaway local server (fsync off, as in tests)' : 'not available (SQLite only)'}.

| measure | SQLite | PostgreSQL | PostgreSQL / SQLite | budget |
|---|---:|---:|---:|---|
${rows.join('\n')}
`);
