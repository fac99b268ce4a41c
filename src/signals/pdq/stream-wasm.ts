// The streamed blur of stream.ts with its loops in WebAssembly (wasm.ts): same blocks, ring and passes, the
// buffers laid out in the module's memory. Identical bits to stream.ts and jarosz.ts.
import { boxWindow } from './jarosz.js';
import { rgbScratch, STREAM_BASE, tapScratch, type PdqKernels } from './wasm.js';
import { ROW_BLOCK, samplePoints, type LumaRowFiller } from './stream.js';

interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** Rows of the first vertical pass's output block (two blocks of the sampled horizontal pass). */
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
  const ringRows = (Math.floor((wy + 7) / 8) + 1) * 8;
  const { sampleRows, wanted, pos } = samplePoints(rows, cols);
  const nw = wanted.length;
  const lumaBytes = cols * 4; // the luma block is contiguous rows (the LumaRowFiller contract)
  // Ring and vertical-output rows: a stride that is not a multiple of 4 KiB, and regions a few cache lines
  // apart, so that the rows read and written together do not alias in the L1 cache (measured: 1024-pixel-wide
  // images were 1.6x slower per pixel without it).
  let rowBytes = Math.ceil(lumaBytes / 64) * 64;
  if ((rowBytes & 4095) === 0) rowBytes += 64;
  const GAP = 320;
  // Layout (bytes): ring | column sums | luma block | vertical-output block | wanted columns, -1 | kept | RGB |
  // tap | lanes.
  const ringAt = STREAM_BASE;
  const sumsAt = ringAt + ringRows * rowBytes + GAP;
  const lumaAt = sumsAt + rowBytes + GAP;
  const vAt = lumaAt + ROW_BLOCK * lumaBytes + GAP;
  const wantedAt = vAt + V_ROWS * rowBytes;
  const keptAt = wantedAt + (nw + 1) * 4;
  // Kept rows rounded up to whole blocks: the sampled pass writes all 16 rows of the last block.
  const rgbAt = keptAt + Math.ceil(rows / V_ROWS) * V_ROWS * nw * 4;
  // The RGB staging area is reused for the last pass (rows x nw outputs, nw sums) once the luma is done.
  const rgbBytes = Math.max(ROW_BLOCK * cols * 3 + 16, rgbScratch.want);
  const tapAt = rgbAt + Math.max(rgbBytes, (rows + 1) * nw * 4);
  // The luma block transposed into lanes for the first horizontal pass (wasm-hfull.ts): 32 bytes a column.
  const lanesAt = Math.ceil((tapAt + tapScratch.want) / 64) * 64;
  const lanes2At = lanesAt + 128 * Math.ceil(cols / 4);
  const end = lanes2At + 128 * Math.ceil(cols / 4);
  const have = memory.buffer.byteLength;
  if (end > have) memory.grow(Math.ceil((end - have) / 65536));
  const F = new Float32Array(memory.buffer);
  F.fill(0, sumsAt / 4, lumaAt / 4);
  // The vertical output block (8 rows, row-major), zeroed so that the unused rows of a last partial block hold
  // plain numbers, never leftovers read as denormals or NaN (t8 and h8si run on all 8 rows).
  F.fill(0, vAt / 4, vAt / 4 + (V_ROWS * rowBytes) / 4);
  const I = new Int32Array(memory.buffer);
  I.set(wanted, wantedAt / 4);
  I[wantedAt / 4 + nw] = -1;
  rgbScratch.at = rgbAt;
  tapScratch.at = tapScratch.want ? tapAt : 0;
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
  // Luma rows come 8 at a time, blurred horizontally into the ring, as the vertical pass first needs them.
  const produce = (i: number): number => {
    if ((i & 7) === 0) {
      const n = Math.min(ROW_BLOCK, rows - i);
      const d = ringAt + (i % ringRows) * rowBytes;
      if (rgb && n === ROW_BLOCK) {
        // RGB straight into lanes (lt8): the luma block is neither written nor read.
        U.set(rgb.subarray(i * cols * 3, (i + n) * cols * 3), rgbAt);
        k.lt8(rgbAt, cols * 3, lanesAt, Math.ceil(cols / 4));
        k.h8v(lanesAt, d, rowBytes, nA, nB, nC, nD);
        return d;
      }
      fill(i, n, lumaBlock);
      if (n === ROW_BLOCK) {
        k.t8(lumaAt, lumaBytes, lanesAt, Math.ceil(cols / 4));
        k.h8v(lanesAt, d, rowBytes, nA, nB, nC, nD);
      } else
        for (let j = 0; j < n; j++)
          k.h1(lumaAt + j * lumaBytes, lumaBytes, d + j * rowBytes, rowBytes, 0, nA, nB, nC, nD);
    }
    return ringAt + (i % ringRows) * rowBytes;
  };
  // Vertical output rows go to an 8-row block; when full, it is transposed into lanes (t8, the layout h8v reads
  // too) and blurred horizontally at the wanted columns (h8si): a vector store per 4 columns in the vertical pass
  // and a transpose per block cost less than 4 lane stores per 4 columns (measured 4–13 % of PDQ).
  // Two 8-row blocks go through the sampled pass together (h16si: twice the independent chains).
  const emitted = (out: number): void => {
    if ((out & 15) === 15 || out === rows - 1) {
      const r0 = out & ~15;
      const dst = keptAt + r0 * nw * 4;
      k.t8(vAt, rowBytes, lanesAt, Math.ceil(cols / 4));
      if (out - r0 < 8) k.h8si(lanesAt, dst, nw * 4, wantedAt, nA, sB, sC, sD);
      else {
        k.t8(vAt + 8 * rowBytes, rowBytes, lanes2At, Math.ceil(cols / 4));
        k.h16si(lanesAt, lanes2At, dst, nw * 4, wantedAt, nA, sB, sC, sD);
      }
    }
  };
  vertical(
    k,
    rows,
    wy,
    cols,
    sumsAt,
    produce,
    (i) => ringAt + (i % ringRows) * rowBytes,
    (o) => vAt + (o & 15) * rowBytes,
    emitted,
    rows,
  );
  rgbScratch.bytes = 0;
  rgbScratch.want = 0;
  tapScratch.at = 0;
  tapScratch.want = 0;
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
