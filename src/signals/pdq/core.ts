// PDQ core (spec pdq.md §2.4–§2.9): luma buffer → 64x64 grid → quality → 16x16 DCT, all in float32.
import { boxCols, boxColsAt, boxRows, boxWindow } from './jarosz.js';
import { ROW_BLOCK, samplePoints, streamTo64, type LumaRowFiller } from './stream.js';
import { DCT_MATRIX } from './dct-matrix.js';
import { streamTo64Wasm } from './stream-wasm.js';
import { dct16Wasm, qualitySumWasm, WASM } from './wasm.js';

const f32 = Math.fround;

/** The intermediate results of PDQ on one luma buffer. */
export interface PdqCore {
  /** The 64x64 blurred, decimated luma (row-major, row = y). */
  readonly grid: Float32Array;
  /** The 16x16 DCT output (row u = vertical frequency u+1). */
  readonly dct: Float32Array;
  /** 0–100. */
  readonly quality: number;
  /** True when the image was too small to hash (a side under 5 px): the hash is all zeros. */
  readonly degenerate: boolean;
}

/** Blur (Jarosz, H V H V) and point-sample a rows x cols luma buffer down to 64x64. `luma` is consumed; `scratch` (≥ rows·cols) is reused when given. */
export function downsampleTo64(
  luma: Float32Array,
  rows: number,
  cols: number,
  scratch?: Float32Array,
): Float32Array {
  if (rows === 64 && cols === 64) return Float32Array.from(luma);
  const wx = boxWindow(cols);
  const wy = boxWindow(rows);
  const n = rows * cols;
  const tmp = scratch && scratch.length >= n ? scratch.subarray(0, n) : new Float32Array(n);
  boxRows(luma, tmp, rows, cols, wx);
  boxCols(tmp, luma, rows, cols, wy);
  boxRows(luma, tmp, rows, cols, wx);
  // The last vertical pass is only needed at the 64 sampled columns, down to the last sampled row.
  return sampleAfterLastPass(tmp, luma, rows, cols, wy);
}

export type { LumaRowFiller } from './stream.js';

/**
 * The same blur and decimation as downsampleTo64, streamed for speed (stream-wasm.ts with WebAssembly, else
 * stream.ts): luma rows are produced 8 at a time by `fill` and never stored whole. Identical bits.
 */
export function downsampleRowsTo64(rows: number, cols: number, fill: LumaRowFiller): Float32Array {
  if (rows === 64 && cols === 64) {
    const grid = new Float32Array(64 * 64);
    for (let r = 0; r < 64; r += ROW_BLOCK) fill(r, ROW_BLOCK, grid.subarray(r * 64));
    return grid;
  }
  return WASM ? streamTo64Wasm(rows, cols, fill, WASM.k, WASM.memory) : streamTo64(rows, cols, fill);
}

function sampleAfterLastPass(
  src: Float32Array,
  dst: Float32Array,
  rows: number,
  cols: number,
  wy: number,
): Float32Array {
  const { sampleRows, sampleCols, wanted } = samplePoints(rows, cols);
  boxColsAt(src, dst, rows, cols, wy, wanted, sampleRows[63]! + 1);
  const grid = new Float32Array(64 * 64);
  for (let i = 0; i < 64; i++) {
    const rb = sampleRows[i]! * cols;
    for (let j = 0; j < 64; j++) grid[i * 64 + j] = dst[rb + sampleCols[j]!]!;
  }
  return grid;
}

/** PDQ quality of a 64x64 grid: the sum of truncated neighbour differences, /90, capped at 100. */
export function gridQuality(grid: Float32Array): number {
  return Math.min(100, Math.floor((qualitySumWasm(grid) ?? qualitySumJs(grid)) / 90));
}

/** The sum of gridQuality in JavaScript (the fallback without WebAssembly, and the reference in tests). */
export function qualitySumJs(grid: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++) {
      sum += Math.abs(Math.trunc(f32(f32(f32(grid[i * 64 + j]! - grid[(i + 1) * 64 + j]!) * 100) / 255)));
    }
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) {
      sum += Math.abs(Math.trunc(f32(f32(f32(grid[i * 64 + j]! - grid[i * 64 + j + 1]!) * 100) / 255)));
    }
  }
  return sum;
}

/** The 16x16 DCT B = C · D · Cᵀ of a 64x64 grid, float32 running sums in ascending k, no FMA. */
export function dct16(grid: Float32Array): Float32Array {
  return dct16Wasm(grid) ?? dct16Js(grid);
}

/** dct16 in JavaScript (the fallback without WebAssembly): the same sums, Math.fround after each operation. */
export function dct16Js(grid: Float32Array): Float32Array {
  const c = DCT_MATRIX;
  const t = new Float32Array(16 * 64);
  for (let u = 0; u < 16; u++) {
    for (let j = 0; j < 64; j++) {
      let s = 0;
      for (let k = 0; k < 64; k++) s = f32(s + f32(c[u * 64 + k]! * grid[k * 64 + j]!));
      t[u * 64 + j] = s;
    }
  }
  const b = new Float32Array(16 * 16);
  for (let u = 0; u < 16; u++) {
    for (let v = 0; v < 16; v++) {
      let s = 0;
      for (let k = 0; k < 64; k++) s = f32(s + f32(t[u * 64 + k]! * c[v * 64 + k]!));
      b[u * 16 + v] = s;
    }
  }
  return b;
}

/** Run the PDQ core on a float32 luma buffer (rows x cols, row-major). The buffer is used as scratch. */
export function pdqCoreFromLuma(
  luma: Float32Array,
  rows: number,
  cols: number,
  scratch?: Float32Array,
): PdqCore {
  if (rows < 5 || cols < 5) {
    return { grid: new Float32Array(64 * 64), dct: new Float32Array(256), quality: 0, degenerate: true };
  }
  const grid = downsampleTo64(luma, rows, cols, scratch);
  return { grid, dct: dct16(grid), quality: gridQuality(grid), degenerate: false };
}
