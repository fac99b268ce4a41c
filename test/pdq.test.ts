// PDQ bit-exactness against Meta's reference (../shared/fixtures/pdq, spec pdq.md §10).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pdqOfFile } from '../src/pipeline/hash/pdq-file.js';
import { decodeForPdq } from '../src/pipeline/hash/decode.js';
import {
  DIHEDRAL_SLOTS,
  dct16,
  dctToHex,
  gridQuality,
  downsampleTo64,
  lumaOf,
  type PdqConvention,
} from '../src/signals/pdq/index.js';
import { hammingHex } from '../src/signals/types.js';

const FIX = resolve('../shared/fixtures/pdq');

/**
 * The one documented decoder difference (spec §3 item 3, §4 item 3): ImageMagick's profile-less CMYK → RGB
 * conversion and sharp's lcms conversion disagree on `CMYK.jpg`. Measured distances, per convention.
 */
const DECODER_DIFFERENCES: Record<string, Record<PdqConvention, number>> = {
  'misc-images/modes/CMYK.jpg': { full: 6, cli512: 10 },
};

function tsv(name: string): string[][] {
  return readFileSync(join(FIX, name), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'));
}

function popcount(hex: string): number {
  return hammingHex(hex, '0'.repeat(hex.length));
}

interface Intermediate {
  meta: Record<string, string>;
  grid: Float32Array;
  dct: Float32Array;
}

function readIntermediate(name: string): Intermediate {
  const meta: Record<string, string> = {};
  const values: number[] = [];
  for (const line of readFileSync(join(FIX, 'intermediates', name), 'utf8').split('\n')) {
    if (line.startsWith('# ')) {
      const [k, v] = line.slice(2).split('\t');
      if (k && v && k !== 'section') meta[k] = v;
    } else if (line.trim()) values.push(...line.split('\t').map((x) => Math.fround(Number(x))));
  }
  assert.equal(values.length, 64 * 64 + 16 * 16, name);
  return { meta, grid: Float32Array.from(values.slice(0, 4096)), dct: Float32Array.from(values.slice(4096)) };
}

const INTERMEDIATES = [
  'bridge-1-original.cli512.txt',
  'bridge-1-original.fullres.txt',
  'pen-and-coaster.cli512.txt',
  'wee.txt',
];

for (const name of INTERMEDIATES) {
  test(`intermediates ${name}: DCT of the reference 64x64 grid is bit-exact, hash and quality equal`, () => {
    const ref = readIntermediate(name);
    const dct = dct16(ref.grid);
    for (let i = 0; i < 256; i++) assert.equal(dct[i], ref.dct[i], `dct[${i}]`);
    assert.equal(dctToHex(dct), ref.meta['pdq_hex']);
    assert.equal(gridQuality(ref.grid), Number(ref.meta['quality']));
  });

  test(`intermediates ${name}: sharp decode + luma + Jarosz blur + decimation give the reference grid`, async () => {
    const ref = readIntermediate(name);
    const convention: PdqConvention = ref.meta['convention'] === 'fullres' ? 'full' : 'cli512';
    const img = await decodeForPdq(join(FIX, ref.meta['source']!));
    const { luma, rows, cols } = lumaOf(img, convention);
    assert.equal(`${cols}x${rows}`, ref.meta['hashed_size']);
    const grid = downsampleTo64(luma, rows, cols);
    for (let i = 0; i < 4096; i++) assert.equal(grid[i], ref.grid[i], `grid[${i}]`);
  });
}

for (const [file, convention] of [
  ['expected-fullres.tsv', 'full'],
  ['expected.tsv', 'cli512'],
] as const) {
  test(`${file}: every fixture image is bit-exact under '${convention}' (CMYK.jpg: documented decoder difference)`, async () => {
    const rows = tsv(file);
    assert.equal(rows.length, 34);
    for (const [f, hex, q] of rows) {
      const r = await pdqOfFile(join(FIX, f!), { convention });
      const d = hammingHex(r.hash, hex!);
      const expected = DECODER_DIFFERENCES[f!]?.[convention] ?? 0;
      assert.equal(d, expected, `${f}: ${d} bits from the reference (expected ${expected})`);
      assert.equal(r.quality, Number(q), `${f}: quality`);
      assert.equal(popcount(r.hash), 128, `${f}: popcount`);
    }
  });
}

test('expected-dihedral.tsv: the 8 dihedral hashes (cli512) are reproduced exactly', async () => {
  const rows = tsv('expected-dihedral.tsv');
  assert.ok(rows.length >= 30);
  for (const [f, q, ...hashes] of rows) {
    const r = await pdqOfFile(join(FIX, f!), { convention: 'cli512', dihedral: true });
    assert.equal(r.quality, Number(q), `${f}: quality`);
    const extra = DECODER_DIFFERENCES[f!]?.cli512;
    DIHEDRAL_SLOTS.forEach((slot, i) => {
      // CMYK.jpg: the decoder difference carries over to every variant (10 bits each, measured).
      const d = hammingHex(r.dihedral![slot], hashes[i]!);
      assert.equal(d, extra ?? 0, `${f} ${slot}: ${d} bits`);
    });
  }
});

test('the dihedral images of bridge-1 land on the matching slot of the original (rot90 is counter-clockwise)', async () => {
  const orig = await pdqOfFile(join(FIX, 'reg-test-input/dih/bridge-1-original.jpg'), {
    convention: 'cli512',
    dihedral: true,
  });
  const files: Record<string, string> = {
    rot90: 'bridge-2-rotate-90.jpg',
    rot180: 'bridge-3-rotate-180.jpg',
    rot270: 'bridge-4-rotate-270.jpg',
    flipx: 'bridge-5-flipx.jpg',
    flipy: 'bridge-6-flipy.jpg',
    flipplus1: 'bridge-7-flip-plus-1.jpg',
    flipminus1: 'bridge-8-flip-minus-1.jpg',
  };
  for (const [slot, f] of Object.entries(files)) {
    const r = await pdqOfFile(join(FIX, 'reg-test-input/dih', f), { convention: 'cli512' });
    const d = hammingHex(r.hash, orig.dihedral![slot as keyof typeof orig.dihedral]);
    assert.ok(d <= 31, `${f} vs ${slot}: ${d}`);
  }
});
