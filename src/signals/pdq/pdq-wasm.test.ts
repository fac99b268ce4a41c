// The WebAssembly kernels (wasm.ts, stream-wasm.ts) and the JavaScript fallback (stream.ts, hpass.ts) against the
// whole-buffer passes of jarosz.ts, bit for bit, on odd sizes, RGB luma included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dct16, dct16Js, downsampleTo64, qualitySumJs } from './core.js';
import { lumaOf, lumaRows, type PixelImage } from './index.js';
import { streamTo64 } from './stream.js';
import { streamTo64Wasm } from './stream-wasm.js';
import { qualitySumWasm, WASM } from './wasm.js';

function image(width: number, height: number, channels: 1 | 3, seed: number): PixelImage {
  const data = new Uint8Array(width * height * channels);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const x = Math.floor(i / channels) % width;
    // Smooth ramps plus noise: long runs of similar sums, and every byte value.
    data[i] = (((x * 255) / width + (s >>> 27)) & 255) ^ (i % 7 === 0 ? s >>> 24 : 0);
  }
  return { width, height, channels, data };
}

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

test('WebAssembly is available (the fast path is the one measured and used)', () => {
  assert.ok(WASM, 'WebAssembly kernels failed to instantiate');
});

test('WASM and JS streamed blurs equal the whole-buffer blur (luma, 4 passes, decimation) on odd sizes, both conventions', () => {
  const sizes: [number, number][] = [
    [5, 5],
    [7, 300],
    [300, 7],
    [65, 63],
    [129, 257],
    [257, 129],
    [640, 480],
    [1031, 517],
    [2053, 19],
  ];
  let seed = 1;
  for (const [w, h] of sizes) {
    for (const channels of [3, 1] as const) {
      const img = image(w, h, channels, seed++);
      for (const convention of ['full', 'cli512'] as const) {
        const at = `${w}x${h}x${channels} ${convention}`;
        const { luma, rows, cols } = lumaOf(img, convention);
        const expected = bits(downsampleTo64(luma, rows, cols));
        const { fill } = lumaRows(img, convention);
        assert.deepEqual(bits(streamTo64(rows, cols, fill)), expected, `JS ${at}`);
        if (WASM) {
          const got = streamTo64Wasm(rows, cols, fill, WASM.k, WASM.memory);
          assert.deepEqual(bits(got), expected, `WASM ${at}`);
        }
      }
    }
  }
});

test('the WebAssembly DCT equals the JavaScript one (float32 running sums, ascending k, no FMA)', () => {
  let s = 9;
  for (let n = 0; n < 20; n++) {
    const grid = new Float32Array(4096).map(() => {
      s = (s * 1103515245 + 12345) >>> 0;
      return Math.fround(n % 3 === 0 ? s >>> 24 : ((s >>> 8) / (1 << 24)) * 255 * (n % 2 ? 1 : -1));
    });
    assert.deepEqual(bits(dct16(grid)), bits(dct16Js(grid)), `grid ${n}`);
  }
});

test('the WebAssembly quality sum equals the JavaScript one (float32 steps, truncation, no pair across a row end)', () => {
  let s = 5;
  for (let n = 0; n < 20; n++) {
    const grid = new Float32Array(4096).map((_, i) => {
      s = (s * 1103515245 + 12345) >>> 0;
      // Smooth grids (small differences, many truncated to 0 or ±1) and noisy ones, negatives included.
      return Math.fround(n % 2 ? ((s >>> 8) / (1 << 24)) * 510 - 255 : (i % 64) * 3.7 + (s >>> 29) * 0.41);
    });
    if (n === 0) grid.fill(17);
    assert.equal(qualitySumWasm(grid), qualitySumJs(grid), `grid ${n}`);
  }
});
