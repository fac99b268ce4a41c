// A box-filtered, reduced greyscale copy of an image, taken from the luma rows PDQ produces anyway (the wellness
// thumbnail's source: no second decode, no second pass over the RGB bytes). Not part of PDQ: it only reads them.
import { accWasm, hsumWasm, rgbScratch, tapScratch, WASM } from './wasm.js';

/** An 8-bit single-channel image. */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Receives luma rows r0..r0+k-1 (row-major, `cols` wide, float32 0–255) as PDQ produces them. */
export type LumaTap = (r0: number, k: number, block: Float32Array) => void;

/** A reducer fed by a LumaTap; `result()` gives the reduced image once every row has been seen. */
export interface LumaReducer {
  readonly tap: LumaTap;
  /** Bytes of scratch the reducer wants in the WebAssembly memory (its column sums). */
  readonly scratchBytes: number;
  /**
   * The fused path (the luma kernel adding rows itself): `begin(r0, block)` gives the byte address of the column
   * sums in WebAssembly memory (0 when they are not there: use `tap`), then `rowDone()` follows each row added.
   */
  readonly fused: { begin(r0: number, block: Float32Array): number; rowDone(): void };
  result(): GreyImage;
}

/** The reduction factor that keeps the longest side at least `minSide` pixels (1 = no reduction). */
export function reduceFactor(rows: number, cols: number, minSide: number): number {
  return Math.max(1, Math.floor(Math.max(rows, cols) / minSide));
}

/**
 * Box-average rows x cols luma by an integer factor (the last row and column groups may be partial and are
 * averaged over what they hold): ceil(cols/f) x ceil(rows/f) bytes, rounded.
 */
export function lumaReducer(rows: number, cols: number, factor: number): LumaReducer {
  const f = Math.max(1, Math.floor(factor));
  const width = Math.ceil(cols / f);
  const height = Math.ceil(rows / f);
  const data = new Uint8Array(width * height);
  const full = Math.floor(cols / f);
  const jsAcc = new Float32Array(cols + width);
  let inGroup = 0;
  let oy = 0;
  let seen = 0;
  // Column sums of the current row group, then the group sums of one output row (both in WebAssembly memory
  // when the blur runs there, so that the kernels acc4 and hsum do the per-pixel work).
  let view: Float32Array | null = null;
  const scratchOf = (block: Float32Array): Float32Array => {
    if (!WASM || !tapScratch.at || block.buffer !== WASM.memory.buffer) return jsAcc;
    if (view?.buffer !== block.buffer || view.byteOffset !== tapScratch.at) {
      view = new Float32Array(WASM.memory.buffer, tapScratch.at, cols + width);
    }
    return view;
  };
  const emit = (scratch: Float32Array): void => {
    const acc = scratch.subarray(0, cols);
    const sums = scratch.subarray(cols, cols + width);
    if (!hsumWasm(acc, full, f, sums)) {
      for (let ox = 0; ox < full; ox++) {
        let s = 0;
        for (let c = ox * f; c < ox * f + f; c++) s += acc[c]!;
        sums[ox] = s;
      }
    }
    if (full < width) {
      let s = 0;
      for (let c = full * f; c < cols; c++) s += acc[c]!;
      sums[full] = s;
    }
    const base = oy * width;
    const n = f * inGroup;
    for (let ox = 0; ox < full; ox++) data[base + ox] = Math.min(255, Math.round(sums[ox]! / n));
    if (full < width)
      data[base + full] = Math.min(255, Math.round(sums[full]! / ((cols - full * f) * inGroup)));
    acc.fill(0);
    inGroup = 0;
    oy++;
  };
  let current: Float32Array = jsAcc;
  const begin = (r0: number, block: Float32Array): Float32Array => {
    current = scratchOf(block);
    if (r0 === 0) current.subarray(0, cols).fill(0);
    return current;
  };
  const rowDone = (): void => {
    inGroup++;
    seen++;
    if (inGroup === f || seen === rows) emit(current);
  };
  const tap: LumaTap = (r0, k, block) => {
    const acc = begin(r0, block).subarray(0, cols);
    for (let j = 0; j < k; j++) {
      const at = j * cols;
      if (!accWasm(block, at, acc, cols)) for (let c = 0; c < cols; c++) acc[c] = acc[c]! + block[at + c]!;
      rowDone();
    }
  };
  const fused = {
    begin(r0: number, block: Float32Array): number {
      const acc = begin(r0, block);
      return acc === jsAcc ? 0 : acc.byteOffset;
    },
    rowDone,
  };
  return {
    tap,
    fused,
    scratchBytes: (cols + width) * 4,
    result() {
      if (seen !== rows) throw new Error(`luma reducer: saw ${seen} of ${rows} rows`);
      return { width, height, data };
    },
  };
}

/**
 * Luma of k rows of `cols` RGB pixels (from data[p0]) into `block` (rows contiguous), each row's values also
 * added to the column sums at byte address accAt, calling rowDone() after each row; false when not possible here.
 */
export function lumaRgbAccWasm(
  data: Uint8Array,
  p0: number,
  k: number,
  cols: number,
  block: Float32Array,
  accAt: number,
  rowDone: () => void,
): boolean {
  const n = k * cols;
  if (!WASM || block.buffer !== WASM.memory.buffer || 3 * n + 16 > rgbScratch.bytes || accAt <= 0)
    return false;
  new Uint8Array(WASM.memory.buffer, rgbScratch.at, 3 * n).set(data.subarray(p0, p0 + 3 * n));
  const n4 = cols >> 2;
  const tail = cols & 3;
  const F = tail ? new Float32Array(WASM.memory.buffer) : null;
  for (let j = 0; j < k; j++) {
    const rgb = rgbScratch.at + 3 * j * cols;
    const out = block.byteOffset + 4 * j * cols;
    WASM.k.luma4acc(rgb, n4, out, accAt);
    if (F) {
      WASM.k.luma(rgb + 12 * n4, tail, out + 16 * n4);
      for (let c = 4 * n4; c < cols; c++) F[accAt / 4 + c] = F[accAt / 4 + c]! + F[out / 4 + c]!;
    }
    rowDone();
  }
  return true;
}
