/**
 * Generator benchmark: `vigie demo --scale article` corpus generation (11,200 actors of which about 10,200 appear with an id, ≥ 70,000 messages,
 * ≥ 23,000 images, 50 countries), median of VIGIE_BENCH_GENERATE_RUNS runs (default 1, at most 3), with the
 * per-stage split. Floor measured in the same run: plain sharp JPEG encoding of the same number of pixels from a
 * raw noise buffer, on both cores (extrapolated from a sample). Run: npm run bench -- generate
 * (VIGIE_BENCH_GENERATE_SCALE=small|medium|article picks another scale).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { generateCase, type Scale } from '../src/demo/index.js';

const scale = (process.env['VIGIE_BENCH_GENERATE_SCALE'] ?? 'article') as Scale;
const runs = Math.min(3, Math.max(1, Number(process.env['VIGIE_BENCH_GENERATE_RUNS'] ?? 1)));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Time to JPEG-encode `images` frames of `pixels` average size from raw noise, both cores (sample of 64). */
async function floorMs(images: number, pixels: number): Promise<number> {
  const w = Math.round(Math.sqrt((pixels * 4) / 3));
  const h = Math.round((w * 3) / 4);
  const raw = Buffer.alloc(w * h * 3);
  let s = 1;
  for (let i = 0; i < raw.length; i++) raw[i] = 96 + ((s = (s * 1103515245 + 12345) & 0x7fffffff) % 64);
  const sample = 64;
  const t = performance.now();
  const cores = availableParallelism();
  await Promise.all(
    Array.from({ length: cores }, async () => {
      for (let i = 0; i < sample / cores; i++)
        await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
          .jpeg({ quality: 85 })
          .toBuffer();
    }),
  );
  return ((performance.now() - t) / sample) * images;
}

const totals: number[] = [];
const stages: Record<string, number[]> = {};
let counts: Record<string, number> = {};
for (let r = 0; r < runs; r++) {
  const out = mkdtempSync(join(tmpdir(), 'vigie-bench-gen-'));
  try {
    const t = performance.now();
    const g = await generateCase({ out, scale, seed: 1 });
    totals.push(performance.now() - t);
    for (const [k, v] of Object.entries(g.timings)) (stages[k] ??= []).push(v);
    counts = g.counts;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
const total = median(totals);
const images = counts['images'] ?? 0;
const floor = await floorMs(images, 1280 * 960 * 0.6);
const imageStage = median(stages['images'] ?? [0]);
console.log(`## Generator (\`vigie demo --scale ${scale}\`)\n`);
console.log(
  `Command: \`npm run bench -- generate\` (VIGIE_BENCH_GENERATE_SCALE=${scale}, ${runs} run(s), median)\n`,
);
console.log(
  `Corpus: ${counts['members']} accounts seen (${counts['actors']} posting), ${counts['messages']} messages, ${images} images ` +
    `(${counts['knownImages']} known, ${counts['newImages']} new, ${counts['ignoredImages']} ignored; ${counts['reencodedCopies']} re-encoded/resized copies), ` +
    `${counts['countries']} countries, ${counts['exports']} exports\n`,
);
console.log('| stage | median ms | share |');
console.log('|---|---:|---:|');
for (const [k, v] of Object.entries(stages))
  console.log(`| ${k} | ${median(v)} | ${((median(v) / total) * 100).toFixed(1)} % |`);
console.log(`| **total** | **${Math.round(total)}** | 100 % |\n`);
console.log(
  `Images: ${(images / (imageStage / 1000)).toFixed(0)} images/s rendered (SVG scene + grain + JPEG + MD5/SHA-1/SHA-256, PDQ for listed originals). ` +
    `Floor (plain sharp JPEG encode of as many 0.74 MP noise frames, ${availableParallelism()} cores): ${Math.round(floor)} ms; ` +
    `image stage / floor = ${(imageStage / floor).toFixed(2)}×.\n`,
);
