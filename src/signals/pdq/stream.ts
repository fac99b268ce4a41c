// The Jarosz blur (spec pdq.md §2.5) and decimation (§2.6), streamed over blocks of 8 rows. Same float32
// operations, in the same order, per row and per column as the literal passes in jarosz.ts: identical bits.
//
// Pass 1 (horizontal) runs on 8 luma rows at a time, 8 independent float32 chains interleaved, into a ring of
// rows; pass 2 (vertical, one running sum per column, swept row by row) consumes the ring and hands its output
// 8 rows at a time to pass 3 (horizontal), which only keeps its running sums and divides at the sampled
// columns; pass 4 (vertical) runs on those rows x ~64 values. Memory is a few rows, so it all stays in cache.
import { boxCols, boxWindow } from './jarosz.js';
import { hPass, hPassSampled, setHeap } from './hpass.js';

const f32 = Math.fround;

/** Rows handled together by the horizontal passes (and produced together by the luma filler). */
export const ROW_BLOCK = 8;

/**
 * Fills luma rows r0..r0+k-1 (k ≤ ROW_BLOCK) into `block` (row-major, `cols` wide). `rgb`, when set, is the
 * image's RGB bytes (3 a pixel, `cols` pixels a row) the filler computes them from, for a consumer that would
 * rather compute the luma itself (stream-wasm.ts).
 */
export type LumaRowFiller = ((r0: number, k: number, block: Float32Array) => void) & {
  readonly rgb?: Uint8Array;
};

/** The 64 sampled rows and columns (§2.6), the distinct columns (ascending) and each sample's index among them. */
export function samplePoints(
  rows: number,
  cols: number,
): { sampleRows: Int32Array; sampleCols: Int32Array; wanted: Int32Array; pos: Int32Array } {
  const sampleRows = new Int32Array(64);
  const sampleCols = new Int32Array(64);
  for (let i = 0; i < 64; i++) {
    sampleRows[i] = Math.floor(((i + 0.5) * rows) / 64);
    sampleCols[i] = Math.floor(((i + 0.5) * cols) / 64);
  }
  // sampleCols is non-decreasing: its distinct values and each one's index in a single sweep.
  const pos = new Int32Array(64);
  let n = 0;
  for (let i = 0; i < 64; i++) {
    if (i > 0 && sampleCols[i] !== sampleCols[i - 1]) n++;
    pos[i] = n;
  }
  const wanted = new Int32Array(n + 1);
  for (let i = 0; i < 64; i++) wanted[pos[i]!] = sampleCols[i]!;
  return { sampleRows, sampleCols, wanted, pos };
}

// Working buffer: the ring, the column sums, one luma block and one block of vertical output (see heapFor).
// Module-level so that the hot loops index a known array (see hpass.ts); it grows when a larger image comes.
let HEAP: Float32Array = new Float32Array(0);

function heapFor(n: number): Float32Array {
  if (HEAP.length < n) {
    HEAP = new Float32Array(n);
    setHeap(HEAP);
  }
  return HEAP;
}

/** Blur (H V H V) and point-sample rows x cols luma, produced by `fill` 8 rows at a time, down to a 64x64 grid. */
export function streamTo64(rows: number, cols: number, fill: LumaRowFiller): Float32Array {
  const wx = boxWindow(cols);
  const wy = boxWindow(rows);
  // Rows left..right of the vertical window plus one block being written: ≥ wy + 8, a multiple of 8.
  const ringRows = (Math.floor((wy + 7) / 8) + 1) * 8;
  const sumsAt = ringRows * cols;
  const lumaAt = sumsAt + cols;
  const vAt = lumaAt + ROW_BLOCK * cols;
  const heap = heapFor(vAt + ROW_BLOCK * cols);
  heap.fill(0, sumsAt, lumaAt);
  const lumaBlock = heap.subarray(lumaAt, vAt);
  const { sampleRows, wanted, pos } = samplePoints(rows, cols);
  const nw = wanted.length;
  const kept = new Float32Array(rows * nw);
  const h = Math.floor((wy + 2) / 2);
  let right = 0;
  let left = 0;
  let count = 0;
  let out = 0;
  const produce = (): number => {
    if ((right & 7) === 0) {
      const k = Math.min(ROW_BLOCK, rows - right);
      fill(right, k, lumaBlock);
      hPass(lumaAt, (right % ringRows) * cols, k, cols, wx);
    }
    return (right++ % ringRows) * cols;
  };
  const emitted = (): void => {
    if ((out & 7) === 7 || out === rows - 1) {
      const r0 = out & ~7;
      hPassSampled(vAt, kept, r0 * nw, out - r0 + 1, cols, wx, wanted);
    }
    out++;
  };
  for (let i = 0; i < h - 1; i++) {
    vAdd(sumsAt, produce(), cols);
    count++;
  }
  for (let i = 0; i < wy - h + 1; i++) {
    count++;
    vAddOut(sumsAt, produce(), vAt + (out & 7) * cols, cols, 1 / count);
    emitted();
  }
  const inv = 1 / count;
  for (let i = 0; i < rows - wy; i++) {
    const rb = produce();
    vAddSubOut(sumsAt, rb, (left++ % ringRows) * cols, vAt + (out & 7) * cols, cols, inv);
    emitted();
  }
  for (let i = 0; i < h - 1; i++) {
    count--;
    vSubOut(sumsAt, (left++ % ringRows) * cols, vAt + (out & 7) * cols, cols, 1 / count);
    emitted();
  }
  const last = new Float32Array(rows * nw);
  boxCols(kept, last, rows, nw, wy);
  const grid = new Float32Array(64 * 64);
  for (let i = 0; i < 64; i++) {
    const rb = sampleRows[i]! * nw;
    for (let j = 0; j < 64; j++) grid[i * 64 + j] = last[rb + pos[j]!]!;
  }
  return grid;
}

// Vertical pass, one output row per call, on the heap: column sums at sb, input rows at rb (added) and lb
// (subtracted), output row at ob. The quotient f32(s / count) is f32(s * (1 / count)) (see jarosz.ts).
function vAdd(sb: number, rb: number, cols: number): void {
  const H = HEAP;
  for (let c = 0; c < cols; c++) H[sb + c] = H[sb + c]! + H[rb + c]!;
}

function vAddOut(sb: number, rb: number, ob: number, cols: number, inv: number): void {
  const H = HEAP;
  for (let c = 0; c < cols; c++) {
    const s = f32(H[sb + c]! + H[rb + c]!);
    H[sb + c] = s;
    H[ob + c] = s * inv;
  }
}

function vAddSubOut(sb: number, rb: number, lb: number, ob: number, cols: number, inv: number): void {
  const H = HEAP;
  for (let c = 0; c < cols; c++) {
    const s = f32(f32(H[sb + c]! + H[rb + c]!) - H[lb + c]!);
    H[sb + c] = s;
    H[ob + c] = s * inv;
  }
}

function vSubOut(sb: number, lb: number, ob: number, cols: number, inv: number): void {
  const H = HEAP;
  for (let c = 0; c < cols; c++) {
    const s = f32(H[sb + c]! - H[lb + c]!);
    H[sb + c] = s;
    H[ob + c] = s * inv;
  }
}
