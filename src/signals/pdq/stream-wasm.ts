// The streamed blur of stream.ts with its loops in WebAssembly (wasm.ts): same blocks, ring and passes, the
// buffers laid out in the module's memory. Identical bits to stream.ts and jarosz.ts.
import { boxWindow } from './jarosz.js';
import { rgbScratch, STREAM_BASE, type PdqKernels } from './wasm.js';
import { ROW_BLOCK, samplePoints, type LumaRowFiller } from './stream.js';

interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** Rows of the first vertical pass's output per step of the loop (two 8-row blocks of the sampled pass). */
const V_ROWS = 16;

/** Blur (H V H V) and point-sample rows x cols luma down to a 64x64 grid, with the WebAssembly kernels. */
export function streamTo64Wasm(
  rows: number,
  cols: number,
  fill: LumaRowFiller,
  k: PdqKernels,
  memory: Memory,
): Float32Array {
  const wx = boxWindow(cols);
  const wy = boxWindow(rows);
  // Ring rows: the vertical window, plus the 16 output rows of a block, plus a luma block produced ahead: ≥ wy + 24.
  const ringRows = (Math.floor((wy + 23) / 8) + 1) * 8;
  const groups = Math.ceil(cols / 4);
  const { sampleRows, wanted, pos } = samplePoints(rows, cols);
  const nw = wanted.length;
  const lumaBytes = cols * 4; // the luma block is contiguous rows (the LumaRowFiller contract)
  // Ring and vertical-output rows: a stride that is not a multiple of 4 KiB, and regions a few cache lines
  // apart, so that the rows read and written together do not alias in the L1 cache (measured: 1024-pixel-wide
  // images were 1.6x slower per pixel without it).
  let rowBytes = Math.ceil(lumaBytes / 64) * 64;
  if ((rowBytes & 4095) === 0) rowBytes += 64;
  const GAP = 320;
  // Layout (bytes): ring | column sums | luma block | wanted columns, -1 | kept | RGB | tap | lanes | vertical
  // lanes | zeros | table.
  const ringAt = STREAM_BASE;
  const sumsAt = ringAt + ringRows * rowBytes + GAP;
  const lumaAt = sumsAt + rowBytes + GAP;
  const wantedAt = lumaAt + ROW_BLOCK * lumaBytes + GAP;
  const keptAt = wantedAt + (nw + 1) * 4;
  // Kept rows rounded up to whole blocks: the sampled pass writes all 16 rows of the last block.
  const rgbAt = keptAt + Math.ceil(rows / V_ROWS) * V_ROWS * nw * 4;
  // The RGB staging area is reused for the last pass (rows x nw outputs, nw sums) once the luma is done.
  const rgbBytes = Math.max(ROW_BLOCK * cols * 3 + 16, rgbScratch.want);
  const rgbEnd = rgbAt + Math.max(rgbBytes, (rows + 1) * nw * 4);
  // The luma block transposed into lanes for the first horizontal pass (wasm-hfull.ts): 32 bytes a column.
  const lanesAt = Math.ceil(rgbEnd / 64) * 64;
  // Then the vertical pass's output in lanes (two 8-row blocks), a row of zeros and the vertical steps' table.
  const vLanesAt = lanesAt + 128 * groups;
  const zeroAt = vLanesAt + 2 * 128 * groups;
  const tableAt = zeroAt + rowBytes;
  const end = tableAt + 2 * 96;
  const have = memory.buffer.byteLength;
  if (end > have) memory.grow(Math.ceil((end - have) / 65536));
  const F = new Float32Array(memory.buffer);
  F.fill(0, sumsAt / 4, lumaAt / 4);
  // The row of zeros, and the ring's columns past `cols` up to a whole group of 4, which the vertical pass reads:
  // zeros, never leftovers read as denormals or NaN.
  F.fill(0, zeroAt / 4, zeroAt / 4 + rowBytes / 4);
  for (let r = 0; r < ringRows; r++)
    F.fill(0, (ringAt + r * rowBytes) / 4 + cols, (ringAt + r * rowBytes) / 4 + 4 * groups);
  const I = new Int32Array(memory.buffer);
  I.set(wanted, wantedAt / 4);
  I[wantedAt / 4 + nw] = -1;
  rgbScratch.at = rgbAt;
  rgbScratch.bytes = rgbBytes;
  const lumaBlock = F.subarray(lumaAt / 4, lumaAt / 4 + ROW_BLOCK * cols);
  const rgb = fill.rgb;
  const U = new Uint8Array(memory.buffer);
  // Phase lengths (spec §2.5) of the horizontal passes; the sampled one stops after the last wanted column.
  const hx = Math.floor((wx + 2) / 2);
  const [nA, nB, nC, nD] = [hx - 1, wx - hx + 1, cols - wx, hx - 1];
  const lastOut = wanted[nw - 1]! + 1;
  const sB = Math.min(nB, lastOut);
  const sC = Math.max(0, Math.min(nC, lastOut - sB));
  const sD = Math.max(0, Math.min(nD, lastOut - sB - sC));
  const ring = (i: number): number => ringAt + (i % ringRows) * rowBytes;
  // Luma rows come 8 at a time, blurred horizontally into the ring, as the vertical pass first needs them.
  const produce = (i: number): number => {
    if ((i & 7) === 0) {
      const n = Math.min(ROW_BLOCK, rows - i);
      const d = ring(i);
      if (rgb && n === ROW_BLOCK) {
        // RGB straight into lanes (lt8): the luma block is neither written nor read.
        U.set(rgb.subarray(i * cols * 3, (i + n) * cols * 3), rgbAt);
        k.lt8(rgbAt, cols * 3, lanesAt, groups);
        k.h8v(lanesAt, d, rowBytes, nA, nB, nC, nD);
        return d;
      }
      fill(i, n, lumaBlock);
      if (n === ROW_BLOCK) {
        k.t8(lumaAt, lumaBytes, lanesAt, groups);
        k.h8v(lanesAt, d, rowBytes, nA, nB, nC, nD);
      } else
        for (let j = 0; j < n; j++)
          k.h1(lumaAt + j * lumaBytes, lumaBytes, d + j * rowBytes, rowBytes, 0, nA, nB, nC, nD);
    }
    return ring(i);
  };
  // Pass 2 (vertical) 8 output rows per kernel call (v8t), straight into lanes, then pass 3 (horizontal, at the
  // wanted columns) on 16 rows at once (h16si: four independent chains).
  const T = new Int32Array(memory.buffer, tableAt, 48);
  const TF = new Float32Array(memory.buffer, tableAt, 48);
  const h = Math.floor((wy + 2) / 2);
  let right = 0;
  let left = 0;
  let count = 0;
  for (; right < h - 1; count++) k.v4Add(sumsAt, produce(right++), 0, 0, groups, 0);
  // Output row o adds a row while o < rows − h + 1 and subtracts one from o = wy − h + 1 on (spec §2.5).
  const addEnd = rows - h + 1;
  const subFrom = wy - h + 1;
  for (let o0 = 0; o0 < rows; o0 += V_ROWS) {
    for (let j = 0; j < V_ROWS; j++) {
      const o = o0 + j;
      const at = 24 * (j >> 3) + (j & 7);
      const add = o < rows && o < addEnd;
      const sub = o < rows && o >= subFrom;
      if (add && !sub) count++;
      if (sub && !add) count--;
      T[at] = add ? produce(right++) : zeroAt;
      T[at + 8] = sub ? ring(left++) : zeroAt;
      TF[at + 16] = o < rows ? count : 1;
    }
    const dst = keptAt + o0 * nw * 4;
    k.v8t(sumsAt, tableAt, vLanesAt, groups);
    if (rows - o0 <= 8) k.h8si(vLanesAt, dst, nw * 4, wantedAt, nA, sB, sC, sD);
    else {
      k.v8t(sumsAt, tableAt + 96, vLanesAt + 128 * groups, groups);
      k.h16si(vLanesAt, vLanesAt + 128 * groups, dst, nw * 4, wantedAt, nA, sB, sC, sD);
    }
  }
  rgbScratch.bytes = 0;
  rgbScratch.want = 0;
  // Pass 4, vertical, on the kept columns only, down to the last sampled row.
  const keptRow = nw * 4;
  const lastAt = rgbAt;
  const sums2At = lastAt + rows * keptRow;
  F.fill(0, sums2At / 4, sums2At / 4 + nw);
  const at = (i: number): number => keptAt + i * keptRow;
  vertical(
    k,
    rows,
    wy,
    nw,
    sums2At,
    at,
    at,
    (o) => lastAt + o * keptRow,
    () => undefined,
    sampleRows[63]! + 1,
  );
  const last = F.subarray(lastAt / 4, lastAt / 4 + rows * nw);
  const grid = new Float32Array(64 * 64);
  for (let i = 0; i < 64; i++) {
    const rb = sampleRows[i]! * nw;
    for (let j = 0; j < 64; j++) grid[i * 64 + j] = last[rb + pos[j]!]!;
  }
  return grid;
}

/**
 * One vertical box pass (window w over `rows` rows of n columns), output rows [0, rowEnd): `addIn(i)` gives the
 * address of input row i when it is first added (in order), `subIn(i)` when it is subtracted, `outAt(o)` where
 * output row o goes, and `done(o)` is called after it. SIMD on 4 columns at a time, the last n % 4 one by one.
 */
function vertical(
  k: PdqKernels,
  rows: number,
  w: number,
  n: number,
  sumsAt: number,
  addIn: (i: number) => number,
  subIn: (i: number) => number,
  outAt: (o: number) => number,
  done: (o: number) => void,
  rowEnd: number,
): void {
  const h = Math.floor((w + 2) / 2);
  const n4 = n >> 2;
  const tail = n & 3;
  const t = 16 * n4;
  let right = 0;
  let left = 0;
  let count = 0;
  let out = 0;
  // SIMD kernels take the count (IEEE float32 division), the scalar tail 1 / count (see wasm.ts).
  const [addOut, addSubOut, subOut] = [k.v4AddOut, k.v4AddSubOut, k.v4SubOut];
  const [addOut1, addSubOut1, subOut1] = [k.vAddOut, k.vAddSubOut, k.vSubOut];
  for (let i = 0; i < h - 1; i++) {
    const rb = addIn(right++);
    k.v4Add(sumsAt, rb, 0, 0, n4, 0);
    if (tail) k.vAdd(sumsAt + t, rb + t, 0, 0, tail, 0);
    count++;
  }
  for (let i = 0; i < w - h + 1 && out < rowEnd; i++, out++) {
    count++;
    const rb = addIn(right++);
    const o = outAt(out);
    addOut(sumsAt, rb, 0, o, n4, count);
    if (tail) addOut1(sumsAt + t, rb + t, 0, o + t, tail, 1 / count);
    done(out);
  }
  for (let i = 0; i < rows - w && out < rowEnd; i++, out++) {
    const rb = addIn(right++);
    const lb = subIn(left++);
    const o = outAt(out);
    addSubOut(sumsAt, rb, lb, o, n4, count);
    if (tail) addSubOut1(sumsAt + t, rb + t, lb + t, o + t, tail, 1 / count);
    done(out);
  }
  for (let i = 0; i < h - 1 && out < rowEnd; i++, out++) {
    count--;
    const lb = subIn(left++);
    const o = outAt(out);
    subOut(sumsAt, 0, lb, o, n4, count);
    if (tail) subOut1(sumsAt + t, 0, lb + t, o + t, tail, 1 / count);
    done(out);
  }
}
