// The optimised Jarosz passes (interleaved rows, row-sweep columns, reciprocal multiply) against a literal
// transcription of spec pdq.md §2.5 (one column at a time, float32 division), bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boxCols, boxColsAt, boxRows } from '../src/signals/pdq/jarosz.js';
import { downsampleRowsTo64, downsampleTo64 } from '../src/signals/pdq/core.js';

const f32 = Math.fround;

/** Spec §2.5, literally: 1-D box filter of window w over x (stride apart), float32 running sum and division. */
function box1d(x: Float32Array, y: Float32Array, start: number, stride: number, n: number, w: number): void {
  const h = Math.floor((w + 2) / 2);
  let sum = 0;
  let count = 0;
  let right = 0;
  let left = 0;
  let out = 0;
  const at = (i: number): number => x[start + i * stride]!;
  const put = (v: number): void => {
    y[start + out++ * stride] = f32(v);
  };
  for (let i = 0; i < h - 1; i++) {
    sum = f32(sum + at(right++));
    count++;
  }
  for (let i = 0; i < w - h + 1; i++) {
    sum = f32(sum + at(right++));
    count++;
    put(f32(sum / count));
  }
  for (let i = 0; i < n - w; i++) {
    sum = f32(sum + at(right++));
    sum = f32(sum - at(left++));
    put(f32(sum / count));
  }
  for (let i = 0; i < h - 1; i++) {
    sum = f32(sum - at(left++));
    count--;
    put(f32(sum / count));
  }
}

function random(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    a[i] = f32(((s >>> 8) / (1 << 24)) * 255 * (i % 7 === 0 ? 1 : 0.299));
  }
  return a;
}

for (const [rows, cols] of <[number, number][]>[
  [37, 301],
  [130, 259],
  [600, 17],
  [5, 5],
]) {
  test(`box passes ${rows}x${cols} equal the literal spec for several windows`, () => {
    for (const w of [1, 2, 3, 4, 5, 8, 13]) {
      if (w > rows || w > cols) continue;
      const src = random(rows * cols, rows * 1000 + cols + w);
      const expRows = new Float32Array(rows * cols);
      const expCols = new Float32Array(rows * cols);
      for (let r = 0; r < rows; r++) box1d(src, expRows, r * cols, 1, cols, w);
      for (let c = 0; c < cols; c++) box1d(src, expCols, c, cols, rows, w);
      const gotRows = new Float32Array(rows * cols);
      const gotCols = new Float32Array(rows * cols);
      boxRows(src, gotRows, rows, cols, w);
      boxCols(src, gotCols, rows, cols, w);
      assert.deepEqual(gotRows, expRows, `rows w=${w}`);
      assert.deepEqual(gotCols, expCols, `cols w=${w}`);
      const wanted = Int32Array.from([0, Math.floor(cols / 2), cols - 1]);
      const partial = new Float32Array(rows * cols);
      const rowEnd = Math.max(1, rows - 2);
      boxColsAt(src, partial, rows, cols, w, wanted, rowEnd);
      for (let r = 0; r < rowEnd; r++) {
        for (const c of wanted) assert.equal(partial[r * cols + c], expCols[r * cols + c]);
      }
    }
  });
}

test('f32(s * (1/c)) equals f32(s / c) for float32 s and integer c (the division shortcut)', () => {
  let seed = 7;
  for (let i = 0; i < 300000; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const c = 1 + (seed % 1500);
    seed = (seed * 1103515245 + 12345) >>> 0;
    const s = f32((seed / 2 ** 32) * 255 * c * (i % 2 ? 1 : 1e-3));
    assert.equal(f32(s * (1 / c)), f32(s / c), `${s} / ${c}`);
  }
});

test('the streamed blur (ring of rows, 64 kept columns) equals the whole-buffer blur on odd sizes', () => {
  for (const [rows, cols] of [
    [5, 5],
    [5, 700],
    [700, 5],
    [64, 64],
    [65, 63],
    [129, 257],
    [389, 130],
  ] as [number, number][]) {
    const luma = random(rows * cols, rows * 7 + cols);
    const fill = (r0: number, k: number, block: Float32Array): void =>
      block.set(luma.subarray(r0 * cols, (r0 + k) * cols));
    const streamed = downsampleRowsTo64(rows, cols, fill);
    const whole = downsampleTo64(Float32Array.from(luma), rows, cols);
    assert.deepEqual(streamed, whole, `${rows}x${cols}`);
  }
});
