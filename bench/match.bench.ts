// PDQ matching and hash-list import benchmarks: `npm run bench -- match`.
// Sizes: VIGIE_BENCH_MATCH_SIZES (default 1000000,10000000), VIGIE_BENCH_IMPORT_ROWS (default 10000000),
// VIGIE_BENCH_IMPORT_TYPES (default md5,pdq). Seeded PRNG: every run measures the same data.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { PDQ_WORDS, PdqIndex, bruteForceQuery } from '../src/signals/index/mih.js';
import { scannerKind } from '../src/signals/index/scan-wasm.js';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { addHashList } from '../src/app/add-hashlist.js';

const env = (k: string, d: string): string => process.env[k] ?? d;
const SIZES = env('VIGIE_BENCH_MATCH_SIZES', '1000000,10000000').split(',').filter(Boolean).map(Number);
const IMPORT_ROWS = Number(env('VIGIE_BENCH_IMPORT_ROWS', '10000000'));
const IMPORT_TYPES = env('VIGIE_BENCH_IMPORT_TYPES', 'md5,pdq').split(',').filter(Boolean);
const QUERIES = 4000;

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
}

const cpuSeconds = (from: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, d = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** Synthetic haystack and queries: 3/4 near neighbours of stored hashes (0..31 bits flipped), 1/4 random. */
function synthetic(n: number): { data: Uint32Array; queries: Uint32Array[] } {
  const rnd = prng(0x5eed + n);
  const data = new Uint32Array(n * PDQ_WORDS);
  for (let i = 0; i < data.length; i++) data[i] = rnd();
  const queries: Uint32Array[] = [];
  for (let k = 0; k < QUERIES; k++) {
    if (k % 4 === 3) {
      queries.push(Uint32Array.from({ length: PDQ_WORDS }, () => rnd()));
      continue;
    }
    const id = rnd() % n;
    const q = data.slice(id * PDQ_WORDS, (id + 1) * PDQ_WORDS);
    const flips = rnd() % 32;
    for (let f = 0; f < flips; f++) {
      const bit = rnd() % 256;
      q[bit >>> 5]! ^= 1 << (bit & 31);
    }
    queries.push(q);
  }
  return { data, queries };
}

function benchIndex(n: number): string[] {
  const { data, queries } = synthetic(n);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const index = PdqIndex.build(data);
  const buildCpu = cpuSeconds(c0);
  const buildWall = (performance.now() - t0) / 1000;
  const rates: number[] = [];
  const wallRates: number[] = [];
  let hits = 0;
  for (let round = 0; round < 3; round++) {
    hits = 0;
    const w = performance.now();
    const c = process.cpuUsage();
    for (const q of queries) hits += index.query(q, 31).length;
    rates.push(queries.length / cpuSeconds(c));
    wallRates.push(queries.length / ((performance.now() - w) / 1000));
  }
  const sample = queries.filter((_, i) => i % (n >= 5_000_000 ? 200 : 40) === 0);
  let identical = 0;
  let bruteCpu = 0;
  for (const q of sample) {
    const c = process.cpuUsage();
    const brute = bruteForceQuery(data, q, 31);
    bruteCpu += cpuSeconds(c);
    if (isDeepStrictEqual(brute, index.query(q, 31))) identical++;
  }
  const bruteRate = sample.length / bruteCpu;
  const qps = median(rates);
  return [
    `| ${fmt(n)} | ${fmt(qps)} (${fmt(median(wallRates))} wall) | ${fmt((1000 * bruteCpu) / sample.length, 1)} ms | ${fmt(qps / bruteRate)}× | ${identical}/${sample.length} | ${fmt(hits / queries.length, 2)} | ${fmt(index.memoryBytes() / n, 1)} | ${fmt(buildCpu, 1)} s (${fmt(buildWall, 1)} s wall) |`,
  ];
}

async function writeList(file: string, rows: number, words: number): Promise<void> {
  const rnd = prng(0x11570 + words);
  const ws = createWriteStream(file);
  let buf = '';
  for (let i = 0; i < rows; i++) {
    for (let w = 0; w < words; w++) buf += rnd().toString(16).padStart(8, '0');
    buf += '\n';
    if (buf.length > 1 << 20) {
      if (!ws.write(buf)) await new Promise<void>((r) => ws.once('drain', () => r()));
      buf = '';
    }
  }
  ws.end(buf);
  await new Promise<void>((r) => ws.on('finish', () => r()));
}

async function benchImport(type: string): Promise<string> {
  const tmp = mkdtempSync(join(tmpdir(), 'vigie-bench-import-'));
  try {
    const file = join(tmp, `${type}.txt`);
    await writeList(file, IMPORT_ROWS, type === 'md5' ? 4 : 8);
    await initCase({ dir: join(tmp, 'case') });
    const ctx = await openCase(join(tmp, 'case'));
    const w = performance.now();
    const c = process.cpuUsage();
    const r = await addHashList(ctx, {
      file,
      name: `bench-${type}`,
      ...(type === 'pdq' ? { signalType: 'pdq' } : {}),
    });
    const cpu = cpuSeconds(c);
    const wall = (performance.now() - w) / 1000;
    await ctx.close();
    return `| ${type} | ${fmt(r.entries)} | ${fmt(wall, 1)} s | ${fmt(cpu, 1)} s | ${fmt(r.entries / wall)} | ${wall <= 60 ? 'yes' : 'no'} |`;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

console.log('## PDQ matching index and hash-list import (`npm run bench -- match`)\n');
console.log(
  `Multi-index hashing (8 × 32-bit bands searched through 16-bit halves, partner half inline, ${scannerKind()} Wasm bucket scan) against brute force, radius 31, ${QUERIES} queries (3/4 near neighbours at 0–31 flipped bits, 1/4 random), one core, median of 3 rounds; rates from process CPU time. Brute force is timed on a sample of the same queries, whose results must be identical.\n`,
);
console.log(
  '| entries | index queries/s | brute force per query | speed-up | identical | hits/query | bytes/entry | build |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const n of SIZES) for (const line of benchIndex(n)) console.log(line);
console.log(`\nTargets: ≥ 4,000 queries/s at 10 M entries and ≥ 100× brute force.\n`);
if (IMPORT_ROWS > 0 && IMPORT_TYPES.length) {
  console.log(
    `Import of a ${fmt(IMPORT_ROWS)}-row text list with \`addHashList\` (stream parse, SQLite insert, evidence copy, audit). Target ≤ 60 s.\n`,
  );
  console.log('| type | rows | wall | CPU | rows/s (wall) | ≤ 60 s |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const t of IMPORT_TYPES) console.log(await benchImport(t));
  console.log('');
}
