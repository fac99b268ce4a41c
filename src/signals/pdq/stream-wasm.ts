// The streamed blur of stream.ts with its loops in WebAssembly (wasm.ts): same blocks, ring and passes, the
// buffers laid out in the module's memory. Identical bits to stream.ts and jarosz.ts.
import { boxCols, boxWindow } from './jarosz.js';
import { rgbScratch, type PdqKernels } from './wasm.js';
import { ROW_BLOCK, samplePoints, type LumaRowFiller } from './stream.js';

interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

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
  const rowBytes = cols * 4;
  // Layout (bytes): ring | column sums | luma block | vertical-output block | wanted columns, -1 | kept | RGB.
  const sumsAt = ringRows * rowBytes;
  const lumaAt = sumsAt + rowBytes;
  const vAt = lumaAt + ROW_BLOCK * rowBytes;
  const wantedAt = vAt + ROW_BLOCK * rowBytes;
  const keptAt = wantedAt + (nw + 1) * 4;
  const rgbAt = keptAt + rows * nw * 4;
  const end = rgbAt + ROW_BLOCK * cols * 3;
  const have = memory.buffer.byteLength;
  if (end > have) memory.grow(Math.ceil((end - have) / 65536));
  const F = new Float32Array(memory.buffer);
  F.fill(0, sumsAt / 4, lumaAt / 4);
  const I = new Int32Array(memory.buffer);
  I.set(wanted, wantedAt / 4);
  I[wantedAt / 4 + nw] = -1;
  rgbScratch.at = rgbAt;
  rgbScratch.bytes = ROW_BLOCK * cols * 3;
  const lumaBlock = F.subarray(lumaAt / 4, vAt / 4);
  // Phase lengths (spec §2.5) of the horizontal passes; the sampled one stops after the last wanted column.
  const hx = Math.floor((wx + 2) / 2);
  const [nA, nB, nC, nD] = [hx - 1, wx - hx + 1, cols - wx, hx - 1];
  const lastOut = wanted[nw - 1]! + 1;
  const sB = Math.min(nB, lastOut);
  const sC = Math.max(0, Math.min(nC, lastOut - sB));
  const sD = Math.max(0, Math.min(nD, lastOut - sB - sC));
  const h = Math.floor((wy + 2) / 2);
  let right = 0;
  let left = 0;
  let count = 0;
  let out = 0;
  const produce = (): number => {
    if ((right & 7) === 0) {
      const n = Math.min(ROW_BLOCK, rows - right);
      fill(right, n, lumaBlock);
      const d = (right % ringRows) * rowBytes;
      if (n === ROW_BLOCK) k.h8(lumaAt, rowBytes, d, rowBytes, 0, nA, nB, nC, nD);
      else
        for (let j = 0; j < n; j++)
          k.h1(lumaAt + j * rowBytes, rowBytes, d + j * rowBytes, rowBytes, 0, nA, nB, nC, nD);
    }
    return (right++ % ringRows) * rowBytes;
  };
  const emitted = (): void => {
    if ((out & 7) === 7 || out === rows - 1) {
      const r0 = out & ~7;
      const n = out - r0 + 1;
      const d = keptAt + r0 * nw * 4;
      if (n === ROW_BLOCK) k.h8s(vAt, rowBytes, d, nw * 4, wantedAt, nA, sB, sC, sD);
      else
        for (let j = 0; j < n; j++)
          k.h1s(vAt + j * rowBytes, rowBytes, d + j * nw * 4, nw * 4, wantedAt, nA, sB, sC, sD);
    }
    out++;
  };
  const ob = (): number => vAt + (out & 7) * rowBytes;
  for (let i = 0; i < h - 1; i++) {
    k.vAdd(sumsAt, produce(), 0, 0, cols, 0);
    count++;
  }
  for (let i = 0; i < wy - h + 1; i++) {
    count++;
    k.vAddOut(sumsAt, produce(), 0, ob(), cols, 1 / count);
    emitted();
  }
  const inv = 1 / count;
  for (let i = 0; i < rows - wy; i++) {
    const rb = produce();
    k.vAddSubOut(sumsAt, rb, (left++ % ringRows) * rowBytes, ob(), cols, inv);
    emitted();
  }
  for (let i = 0; i < h - 1; i++) {
    count--;
    k.vSubOut(sumsAt, 0, (left++ % ringRows) * rowBytes, ob(), cols, 1 / count);
    emitted();
  }
  rgbScratch.bytes = 0;
  const kept = F.slice(keptAt / 4, keptAt / 4 + rows * nw);
  const last = new Float32Array(rows * nw);
  boxCols(kept, last, rows, nw, wy);
  const grid = new Float32Array(64 * 64);
  for (let i = 0; i < 64; i++) {
    const rb = sampleRows[i]! * nw;
    for (let j = 0; j < 64; j++) grid[i * 64 + j] = last[rb + pos[j]!]!;
  }
  return grid;
}
