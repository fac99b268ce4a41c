// Media hashing benchmark (npm run bench -- hash): PDQ vs sharp decode-only (the floor), 2 workers vs 1,
// crypto hashing vs sha256sum — side by side in one run, on the same generated benign images.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { decodeForPdq, DEFAULT_MAX_PIXELS } from '../src/pipeline/hash/decode.js';
import { pdqFromPixels } from '../src/signals/pdq/index.js';
import * as srcPool from '../src/pipeline/hash/pool.js';
import { cryptoOfFile } from '../src/pipeline/hash/crypto-file.js';
import { cryptoOfBytes } from '../src/signals/crypto.js';
import { hashFile } from '../src/pipeline/hash/hash-file.js';
import { readExif } from '../src/pipeline/hash/exif.js';
import { THUMB_BLUR_SIGMA, THUMB_SIDE, thumbnailRelPath } from '../src/pipeline/hash/thumbnail.js';
import Database from 'better-sqlite3';

const SIZES: [number, number][] = [
  [1600, 1000],
  [1024, 768],
  [640, 480],
];
const PER_SIZE = 6;
const REPS = 5;
/** The 0.1–6 MP mix (issue 19): sizes and counts, 200 images, weighted to the small sizes chats carry most. */
const MIX: [number, number, number][] = [
  [400, 250, 50],
  [640, 480, 50],
  [1280, 960, 50],
  [1600, 1200, 25],
  [2048, 1536, 15],
  [3000, 2000, 10],
];
const MIX_REPS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function picture(w: number, h: number, seed: number): Buffer {
  const px = Buffer.alloc(w * h * 3);
  let s = seed;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const disc = (x - (w * (1 + (seed % 3))) / 4) ** 2 + (y - h / 2) ** 2 < (h / 4) ** 2 ? 90 : 0;
      const block = ((Math.floor(x / (w / (4 + (seed % 5)))) + Math.floor(y / (h / 3))) & 1) * 50;
      const i = (y * w + x) * 3;
      // Photo-like entropy (JPEG sizes close to camera photos): strong per-pixel noise on every channel.
      px[i] = Math.min(255, Math.floor((x * 110) / w) + disc + block + ((s >>> 26) & 63));
      px[i + 1] = Math.min(255, Math.floor((y * 110) / h) + block + ((s >>> 18) & 63));
      px[i + 2] = Math.min(255, 40 + disc + ((s >>> 10) & 63));
    }
  }
  return px;
}

async function makeImages(dir: string): Promise<{ path: string; w: number; h: number }[]> {
  const out: { path: string; w: number; h: number }[] = [];
  let seed = 1;
  for (const [w, h] of SIZES) {
    for (let i = 0; i < PER_SIZE; i++, seed++) {
      const path = join(dir, `img-${w}x${h}-${i}.jpg`);
      const jpg = await sharp(picture(w, h, seed), { raw: { width: w, height: h, channels: 3 } })
        .jpeg({ quality: 88 })
        .toBuffer();
      writeFileSync(path, jpg);
      out.push({ path, w, h });
    }
  }
  return out;
}

/** CPU time of this process (all threads, ms): robust to other load on a shared machine. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function timeEach(files: string[], fn: (f: string) => Promise<unknown>, reps = REPS): Promise<number> {
  // Median over `reps` of the CPU time for all files (ms), after one warm-up pass.
  for (const f of files) await fn(f);
  const totals: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = cpuMs();
    for (const f of files) await fn(f);
    totals.push(cpuMs() - t);
  }
  return median(totals);
}

/**
 * The decode-only floor: exactly the sharp pipeline the hash stage runs (decode.ts), from the file's bytes read
 * the way the stage reads them (one read into memory), with the same options (no ICC, no rotation, errors fail,
 * the pixel limit, sequential read), to raw 8-bit pixels; nothing else. Decoding from a path instead costs
 * libvips more (its own small reads), which would flatter every ratio.
 */
async function decodeOnly(f: string): Promise<void> {
  await sharp(readFileSync(f), {
    ignoreIcc: true,
    autoOrient: false,
    failOn: 'error',
    limitInputPixels: DEFAULT_MAX_PIXELS,
    sequentialRead: true,
  })
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer();
}

/** decodeForPdq on the file's bytes, as the stage decodes (one read, then the buffer). */
async function decodeBytes(f: string): ReturnType<typeof decodeForPdq> {
  return decodeForPdq(readFileSync(f));
}

const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-hash-'));
try {
  // As in the hashing workers (worker.ts): one libvips thread, no operation cache.
  sharp.concurrency(1);
  sharp.cache(false);
  const images = await makeImages(dir);
  const lines: string[] = [];
  lines.push('## Media hashing (`bench/hash.bench.ts`)', '');
  lines.push(
    `Command: \`npm run bench -- hash\` — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}), ${new Date().toISOString().slice(0, 10)}.`,
    `Images: ${images.length} generated JPEGs (q88), ${PER_SIZE} each of ${SIZES.map(([w, h]) => `${w}x${h}`).join(', ')}. Medians of ${REPS} runs after a warm-up, in CPU time (process.cpuUsage, all threads; the machine is shared), one libvips thread (sharp.concurrency(1)); the pool table is wall time.`,
    '',
    '| per image, by size (mean JPEG size) | decode only (floor) | decode + PDQ full | ratio | decode + PDQ cli512 | ratio | PDQ full alone (decoded pixels) |',
    '|---|---|---|---|---|---|---|',
  );
  for (const [w, h] of SIZES) {
    const files = images.filter((i) => i.w === w && i.h === h).map((i) => i.path);
    const dec = (await timeEach(files, decodeOnly)) / files.length;
    const full =
      (await timeEach(files, async (f) => pdqFromPixels(await decodeBytes(f), { convention: 'full' }))) /
      files.length;
    const cli =
      (await timeEach(files, async (f) => pdqFromPixels(await decodeBytes(f), { convention: 'cli512' }))) /
      files.length;
    const decoded = new Map<string, Awaited<ReturnType<typeof decodeForPdq>>>();
    for (const f of files) decoded.set(f, await decodeForPdq(f));
    const alone =
      (await timeEach(files, async (f) => pdqFromPixels(decoded.get(f)!, { convention: 'full' }))) /
      files.length;
    const kb = files.reduce((a, f) => a + statSync(f).size, 0) / files.length / 1024;
    lines.push(
      `| ${w}x${h} (${kb.toFixed(0)} KB) | ${dec.toFixed(1)} ms | ${full.toFixed(1)} ms | **${(full / dec).toFixed(2)}×** | ${cli.toFixed(1)} ms | **${(cli / dec).toFixed(2)}×** | ${alone.toFixed(2)} ms |`,
    );
  }

  // The 0.1–6 MP mix: PDQ full vs decode per size and in total, then the whole hash stage per file (crypto,
  // EXIF, decode, PDQ + 8 dihedral, thumbnail) vs the decode-only floor, before (separate reads, thumbnail by a
  // second decode) and now (one read, one decode, thumbnail from PDQ's 64x64 grid, stored in the database).
  const mixDir = join(dir, 'mix');
  mkdirSync(mixDir);
  const mix: { path: string; w: number; h: number }[] = [];
  let seed = 1000;
  for (const [w, h, n] of MIX) {
    for (let i = 0; i < n; i++, seed++) {
      const path = join(mixDir, `mix-${w}x${h}-${i}.jpg`);
      const jpg = await sharp(picture(w, h, seed), { raw: { width: w, height: h, channels: 3 } })
        .jpeg({ quality: 88 })
        .toBuffer();
      writeFileSync(path, jpg);
      mix.push({ path, w, h });
    }
  }
  const mixFiles = mix.map((m) => m.path);
  const mp = mix.reduce((a, m) => a + m.w * m.h, 0) / 1e6;
  lines.push(
    '',
    `**0.1–6 MP mix**: ${mix.length} generated JPEGs (q88, photo-like noise), ${MIX.map(([w, h, n]) => `${n} × ${w}x${h}`).join(', ')} (${mp.toFixed(0)} MP). Per size: the first 6 files; total: all. Medians of ${MIX_REPS} runs, CPU time.`,
    '',
    '| mix, per image | decode only (floor) | decode + PDQ full | ratio |',
    '|---|---|---|---|',
  );
  const pdqFull = async (f: string): Promise<unknown> =>
    pdqFromPixels(await decodeBytes(f), { convention: 'full' });
  const mixRow = async (label: string, files: string[]): Promise<void> => {
    const dec = (await timeEach(files, decodeOnly, MIX_REPS)) / files.length;
    const full = (await timeEach(files, pdqFull, MIX_REPS)) / files.length;
    lines.push(
      `| ${label} | ${dec.toFixed(2)} ms | ${full.toFixed(2)} ms | **${(full / dec).toFixed(2)}×** |`,
    );
  };
  for (const [w, h] of MIX)
    await mixRow(
      `${w}x${h}`,
      mix
        .filter((m) => m.w === w && m.h === h)
        .slice(0, 6)
        .map((m) => m.path),
    );
  await mixRow(`all ${mix.length} (mean)`, mixFiles);
  const mixShas = await Promise.all(mixFiles.map(async (p) => (await cryptoOfFile(p)).sha256));
  // The whole stage against the floor in one process, passes over the mix alternated (each part sees the same
  // machine), after a warm-up pass: the floor, decode + PDQ + 8 dihedral (the PDQ part), the three digests of
  // the bytes and `hashFile` (fresh thumbnail folders); then, on its own, the stage as it was before one read.
  const before = async (path: string, sha256: string, derived: string): Promise<unknown> => {
    await cryptoOfFile(path);
    await readExif(path);
    pdqFromPixels(await decodeForPdq(path), { convention: 'full', dihedral: true });
    // The thumbnail as it was then: a second decode through sharp, written as a file (temporary name + rename).
    const dest = join(derived, thumbnailRelPath(sha256));
    mkdirSync(join(dest, '..'), { recursive: true });
    await sharp(path, { limitInputPixels: DEFAULT_MAX_PIXELS, failOn: 'none' })
      .autoOrient()
      .resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true })
      .greyscale()
      .blur(THUMB_BLUR_SIGMA)
      .webp({ quality: 50 })
      .toFile(`${dest}.tmp`);
    renameSync(`${dest}.tmp`, dest);
    return dest;
  };
  const parts = {
    floor: (path: string): Promise<unknown> => decodeOnly(path),
    pdq: async (path: string): Promise<unknown> =>
      pdqFromPixels(await decodeBytes(path), { convention: 'full', dihedral: true }),
    digests: (path: string): Promise<unknown> => Promise.resolve(cryptoOfBytes(readFileSync(path))),
    // hashFile, then its thumbnail stored as the stage stores it: rows of a real SQLite file (the case database's
    // pragmas), 25 to a transaction, ON CONFLICT DO NOTHING; the database is made fresh for each pass.
    now: async (path: string, sha256: string, derived: string): Promise<unknown> => {
      const r = await hashFile({ sha256, path, convention: 'full', derivedDir: derived });
      return storeThumbnail(derived, sha256, r.thumbnailWebp!);
    },
    // Option (b) of ADR 0029, measured and not kept: the same bytes as one file each under derived/thumbs/ (one
    // open, one write, one close; the folder made on first need), as before.
    files: async (path: string, sha256: string, derived: string): Promise<unknown> => {
      const r = await hashFile({ sha256, path, convention: 'full', derivedDir: derived });
      const dest = join(derived, thumbnailRelPath(sha256));
      try {
        writeFileSync(dest, r.thumbnailWebp!, { flag: 'wx' });
      } catch {
        mkdirSync(join(dest, '..'), { recursive: true });
        writeFileSync(dest, r.thumbnailWebp!, { flag: 'wx' });
      }
      return dest;
    },
  };
  const dbs = new Map<
    string,
    { db: Database.Database; insert: Database.Statement; rows: [string, Uint8Array][] }
  >();
  const storeThumbnail = (derived: string, sha256: string, webp: Uint8Array): void => {
    let d = dbs.get(derived);
    if (!d) {
      mkdirSync(derived, { recursive: true });
      const db = new Database(join(derived, 'case.sqlite'));
      db.pragma('page_size = 16384');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec('CREATE TABLE thumbnail (sha256 TEXT PRIMARY KEY, webp BLOB NOT NULL, run_id TEXT)');
      const insert = db.prepare(
        'INSERT INTO thumbnail (sha256, webp, run_id) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING',
      );
      dbs.set(derived, (d = { db, insert, rows: [] }));
    }
    d.rows.push([sha256, webp]);
    if (d.rows.length >= 25) flushThumbnails(derived);
  };
  const flushThumbnails = (derived: string): void => {
    const d = dbs.get(derived);
    if (!d) return;
    const rows = d.rows.splice(0);
    d.db.transaction(() => {
      for (const [sha, webp] of rows) d.insert.run(sha, webp, 'bench');
    })();
  };
  const closeThumbnails = (derived: string): void => {
    flushThumbnails(derived);
    dbs.get(derived)?.db.close();
    dbs.delete(derived);
  };
  type Part = keyof typeof parts;
  const partSums: Record<Part | 'before', number[]> = {
    floor: [],
    pdq: [],
    digests: [],
    before: [],
    now: [],
    files: [],
  };
  const order = Object.keys(parts) as Part[];
  for (let r = -1; r < 2 * MIX_REPS; r++) {
    // Whole passes, in an order rotated every repetition: each part pays for its own garbage collections.
    for (let k = 0; k < order.length; k++) {
      const part = order[(k + Math.max(0, r)) % order.length]!;
      const derived = join(dir, `${part}-${r + 1}`);
      const t = cpuMs();
      for (let i = 0; i < mixFiles.length; i++) await parts[part](mixFiles[i]!, mixShas[i]!, derived);
      closeThumbnails(derived);
      if (r >= 0) partSums[part].push(cpuMs() - t);
      rmSync(derived, { recursive: true, force: true });
    }
  }
  for (let r = 0; r < MIX_REPS; r++) {
    const derived = join(dir, `before-${r}`);
    const t = cpuMs();
    for (let i = 0; i < mixFiles.length; i++) await before(mixFiles[i]!, mixShas[i]!, derived);
    partSums.before.push(cpuMs() - t);
    rmSync(derived, { recursive: true, force: true });
  }
  const [floorAll, pdqAll, digestsAll, beforeAll, nowAll, filesAll] = (
    ['floor', 'pdq', 'digests', 'before', 'now', 'files'] as const
  ).map((p) => median(partSums[p])) as [number, number, number, number, number, number];
  const per = (x: number): string => `${(x / mixFiles.length).toFixed(2)} ms`;
  const ratio = (x: number): string => `**${(x / floorAll).toFixed(2)}×**`;
  lines.push(
    '',
    `| hash stage on the ${mixFiles.length}-image mix, one thread, per image (alternated passes, medians of ${2 * MIX_REPS}) | CPU time | ratio to the floor |`,
    '|---|---|---|',
    `| decode only (floor: read the file, one sharp decode of its bytes, the stage's options, raw pixels) | ${per(floorAll)} | 1.00× |`,
    `| decode + PDQ full + 8 dihedral (the PDQ part of the stage) | ${per(pdqAll)} | ${ratio(pdqAll)} |`,
    `| MD5 + SHA-1 + SHA-256 of the bytes (OpenSSL through node:crypto) | ${per(digestsAll)} | ${(digestsAll / floorAll).toFixed(2)}× |`,
    `| before (the composition of earlier sessions): crypto of the file, EXIF from the file, decode + PDQ + 8 dihedral, thumbnail by a second decode | ${per(beforeAll)} | ${ratio(beforeAll)} |`,
    `| now: \`hashFile\` (one read, one decode; digests, EXIF, PDQ + 8 dihedral, thumbnail from PDQ's 64x64 grid resampled, blurred and WebP-encoded without sharp) + its row in a real SQLite file (25 to a transaction) | ${per(nowAll)} | ${ratio(nowAll)} |`,
    `| of which beyond decode + PDQ + dihedral: digests, EXIF, thumbnail (resample, blur, encode, row) | ${per(nowAll - pdqAll)} | ${((nowAll - pdqAll) / floorAll).toFixed(2)}× |`,
    `| not kept (option b): the same \`hashFile\` with each thumbnail written as a file under derived/thumbs/ | ${per(filesAll)} | ${ratio(filesAll)} |`,
  );

  // Worker pool: the whole per-file job (crypto + decode + PDQ + 8 dihedral + EXIF + thumbnail), each file twice
  // (two thumbnail folders) to amortise worker start-up. Uses the built pool (dist/, plain JS workers) when present.
  const distPool = new URL('../dist/pipeline/hash/pool.js', import.meta.url);
  const pool = existsSync(fileURLToPath(distPool))
    ? ((await import(distPool.href)) as typeof srcPool)
    : srcPool;
  const all = images.map((i) => i.path);
  const shas = await Promise.all(all.map(async (p) => (await cryptoOfFile(p)).sha256));
  const realPool = async (workers: number): Promise<{ wall: number; cores: number }> => {
    const runs: { wall: number; cores: number }[] = [];
    for (let r = 0; r < 3; r++) {
      const jobs = [1, 2].flatMap((copy) => {
        const derived = join(dir, `derived${copy}`);
        rmSync(derived, { recursive: true, force: true });
        return all.map((path, i) => ({
          sha256: shas[i]!,
          path,
          convention: 'full' as const,
          derivedDir: derived,
        }));
      });
      const t = performance.now();
      const c = cpuMs();
      await pool.runHashPool(jobs, workers, () => undefined);
      const wall = performance.now() - t;
      runs.push({ wall, cores: (cpuMs() - c) / wall });
    }
    return runs.sort((a, b) => a.wall - b.wall)[1]!;
  };
  const one = await realPool(1);
  const two = await realPool(2);
  lines.push(
    '',
    `| worker pool, ${2 * all.length} jobs (crypto, decode, PDQ full + dihedral, EXIF, thumbnail) | wall time | images/s | CPU cores used |`,
    '|---|---|---|---|',
    `| 1 worker | ${one.wall.toFixed(0)} ms | ${((2 * all.length * 1000) / one.wall).toFixed(1)} | ${one.cores.toFixed(2)} |`,
    `| 2 workers | ${two.wall.toFixed(0)} ms | ${((2 * all.length * 1000) / two.wall).toFixed(1)} | ${two.cores.toFixed(2)} |`,
    `| speed-up 2 vs 1 | **${(one.wall / two.wall).toFixed(2)}×** | | |`,
  );

  // Crypto: MD5 + SHA-1 + SHA-256 in one pass vs coreutils sha256sum (SHA-256 only), same files; SHA-256 alone
  // through node:crypto for the like-for-like figure, and the three digests of bytes already read (hashFile's way).
  const crypto = await timeEach(all, cryptoOfFile);
  const bytesOnly = await timeEach(all, (f) => Promise.resolve(cryptoOfBytes(readFileSync(f))));
  const sha256Only = await timeEach(all, (f) =>
    Promise.resolve(createHash('sha256').update(readFileSync(f)).digest('hex')),
  );
  const totalBytes = all.reduce((a, f) => a + statSync(f).size, 0);
  const sums: number[] = [];
  const quoted = all.map((f) => `'${f}'`).join(' ');
  for (let r = 0; r < REPS + 1; r++) {
    // CPU time of the sha256sum child, from bash's `times` (second line: children's user and system time).
    const p = spawnSync('bash', ['-c', `sha256sum ${quoted} > /dev/null; times`], { encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`sha256sum failed: ${p.stderr}`);
    const child = p.stdout.trim().split('\n')[1] ?? '';
    const secs = [...child.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
      (a, m) => a + Number(m[1]) * 60 + Number(m[2]),
      0,
    );
    if (r > 0) sums.push(secs * 1000);
  }
  const sum = median(sums);
  lines.push(
    '',
    `| crypto over all ${all.length} files (${(totalBytes / 1e6).toFixed(1)} MB), CPU time | time | ratio |`,
    '|---|---|---|',
    `| \`sha256sum\` (SHA-256 only, one process, its CPU time) | ${sum.toFixed(1)} ms | 1.00× |`,
    `| node:crypto SHA-256 alone (one read, one call) | ${sha256Only.toFixed(1)} ms | ${(sha256Only / sum).toFixed(2)}× |`,
    `| Vigie cryptoOfFile (MD5 + SHA-1 + SHA-256, one pass of 1 MiB reads) | ${crypto.toFixed(1)} ms | **${(crypto / sum).toFixed(2)}×** |`,
    `| hashFile's digests (MD5 + SHA-1 + SHA-256 of the bytes read once for every step) | ${bytesOnly.toFixed(1)} ms | **${(bytesOnly / sum).toFixed(2)}×** |`,
    '',
  );
  console.log(lines.join('\n'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
