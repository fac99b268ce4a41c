// Horizontal box passes (spec pdq.md §2.5) for the streamed blur: several rows interleaved as independent
// float32 chains (a running sum is a chain of dependent additions, so one row alone is latency-bound).
// `Sampled` variants keep only the running sums and divide at the wanted columns (the output of the third
// pass is read at 64 columns only). Same operations per row as jarosz.ts boxRow: identical bits.

const f32 = Math.fround;

// The kernels read and write one module-level Float32Array (set by setHeap) rather than arrays passed as
// arguments: V8 then checks the array once per call instead of at every element (measured 30-40 % faster).
let HEAP: Float32Array = new Float32Array(0);

/** Sets the working buffer of the horizontal passes (stream.ts owns it). */
export function setHeap(heap: Float32Array): void {
  HEAP = heap;
}

/** Horizontal pass of k rows of the heap (row-major from sBase) into the heap from dBase, all outputs. */
export function hPass(sBase: number, dBase: number, k: number, cols: number, w: number): void {
  let j = 0;
  for (; j + 8 <= k; j += 8) hRows8(sBase + j * cols, dBase + j * cols, cols, w);
  for (; j < k; j++) hRows1(sBase + j * cols, dBase + j * cols, cols, w);
}

/**
 * Horizontal pass of k rows of the heap (from sBase) keeping only the outputs at the columns `wanted`
 * (ascending): row j's outputs go to dst[dBase + j * wanted.length + index]. The running sums stop after the
 * last wanted column.
 */
export function hPassSampled(
  sBase: number,
  dst: Float32Array,
  dBase: number,
  k: number,
  cols: number,
  w: number,
  wanted: Int32Array,
): void {
  const nw = wanted.length;
  let j = 0;
  for (; j + 8 <= k; j += 8) hRows8Sampled(sBase + j * cols, dst, dBase + j * nw, cols, w, wanted);
  for (; j < k; j++) hRows1Sampled(sBase + j * cols, dst, dBase + j * nw, cols, w, wanted);
}

// The kernels below are regular (generated): one line per row, 8 rows (or 1) per function, so that V8 keeps the
// running sums in registers. Phases A–D are those of spec §2.5 (add; add + output; add, subtract, output;
// subtract), each output being f32(sum * (1 / count)) = f32(sum / count) (see jarosz.ts).

function hRows8(s0: number, d0: number, cols: number, w: number): void {
  const src = HEAP;
  const dst = HEAP;
  const h = Math.floor((w + 2) / 2);
  const c1 = 1 * cols;
  const c2 = 2 * cols;
  const c3 = 3 * cols;
  const c4 = 4 * cols;
  const c5 = 5 * cols;
  const c6 = 6 * cols;
  const c7 = 7 * cols;
  let x0 = 0;
  let x1 = 0;
  let x2 = 0;
  let x3 = 0;
  let x4 = 0;
  let x5 = 0;
  let x6 = 0;
  let x7 = 0;
  let count = 0;
  let r = s0;
  let l = s0;
  let o = d0;
  for (let i = 0; i < h - 1; i++, r++) {
    x0 = f32(x0 + src[r]!);
    x1 = f32(x1 + src[r + c1]!);
    x2 = f32(x2 + src[r + c2]!);
    x3 = f32(x3 + src[r + c3]!);
    x4 = f32(x4 + src[r + c4]!);
    x5 = f32(x5 + src[r + c5]!);
    x6 = f32(x6 + src[r + c6]!);
    x7 = f32(x7 + src[r + c7]!);
    count++;
  }
  for (let i = 0; i < w - h + 1; i++, r++, o++) {
    x0 = f32(x0 + src[r]!);
    x1 = f32(x1 + src[r + c1]!);
    x2 = f32(x2 + src[r + c2]!);
    x3 = f32(x3 + src[r + c3]!);
    x4 = f32(x4 + src[r + c4]!);
    x5 = f32(x5 + src[r + c5]!);
    x6 = f32(x6 + src[r + c6]!);
    x7 = f32(x7 + src[r + c7]!);
    count++;
    const inv1 = 1 / count;
    dst[o] = x0 * inv1;
    dst[o + c1] = x1 * inv1;
    dst[o + c2] = x2 * inv1;
    dst[o + c3] = x3 * inv1;
    dst[o + c4] = x4 * inv1;
    dst[o + c5] = x5 * inv1;
    dst[o + c6] = x6 * inv1;
    dst[o + c7] = x7 * inv1;
  }
  const inv = 1 / count;
  for (let i = 0; i < cols - w; i++, r++, l++, o++) {
    x0 = f32(f32(x0 + src[r]!) - src[l]!);
    x1 = f32(f32(x1 + src[r + c1]!) - src[l + c1]!);
    x2 = f32(f32(x2 + src[r + c2]!) - src[l + c2]!);
    x3 = f32(f32(x3 + src[r + c3]!) - src[l + c3]!);
    x4 = f32(f32(x4 + src[r + c4]!) - src[l + c4]!);
    x5 = f32(f32(x5 + src[r + c5]!) - src[l + c5]!);
    x6 = f32(f32(x6 + src[r + c6]!) - src[l + c6]!);
    x7 = f32(f32(x7 + src[r + c7]!) - src[l + c7]!);
    dst[o] = x0 * inv;
    dst[o + c1] = x1 * inv;
    dst[o + c2] = x2 * inv;
    dst[o + c3] = x3 * inv;
    dst[o + c4] = x4 * inv;
    dst[o + c5] = x5 * inv;
    dst[o + c6] = x6 * inv;
    dst[o + c7] = x7 * inv;
  }
  for (let i = 0; i < h - 1; i++, l++, o++) {
    x0 = f32(x0 - src[l]!);
    x1 = f32(x1 - src[l + c1]!);
    x2 = f32(x2 - src[l + c2]!);
    x3 = f32(x3 - src[l + c3]!);
    x4 = f32(x4 - src[l + c4]!);
    x5 = f32(x5 - src[l + c5]!);
    x6 = f32(x6 - src[l + c6]!);
    x7 = f32(x7 - src[l + c7]!);
    count--;
    const inv2 = 1 / count;
    dst[o] = x0 * inv2;
    dst[o + c1] = x1 * inv2;
    dst[o + c2] = x2 * inv2;
    dst[o + c3] = x3 * inv2;
    dst[o + c4] = x4 * inv2;
    dst[o + c5] = x5 * inv2;
    dst[o + c6] = x6 * inv2;
    dst[o + c7] = x7 * inv2;
  }
}

function hRows1(s0: number, d0: number, cols: number, w: number): void {
  const src = HEAP;
  const dst = HEAP;
  const h = Math.floor((w + 2) / 2);
  let x0 = 0;
  let count = 0;
  let r = s0;
  let l = s0;
  let o = d0;
  for (let i = 0; i < h - 1; i++, r++) {
    x0 = f32(x0 + src[r]!);
    count++;
  }
  for (let i = 0; i < w - h + 1; i++, r++, o++) {
    x0 = f32(x0 + src[r]!);
    count++;
    const inv1 = 1 / count;
    dst[o] = x0 * inv1;
  }
  const inv = 1 / count;
  for (let i = 0; i < cols - w; i++, r++, l++, o++) {
    x0 = f32(f32(x0 + src[r]!) - src[l]!);
    dst[o] = x0 * inv;
  }
  for (let i = 0; i < h - 1; i++, l++, o++) {
    x0 = f32(x0 - src[l]!);
    count--;
    const inv2 = 1 / count;
    dst[o] = x0 * inv2;
  }
}

function hRows8Sampled(
  s0: number,
  dst: Float32Array,
  d0: number,
  cols: number,
  w: number,
  wanted: Int32Array,
): void {
  const src = HEAP;
  const h = Math.floor((w + 2) / 2);
  const c1 = 1 * cols;
  const c2 = 2 * cols;
  const c3 = 3 * cols;
  const c4 = 4 * cols;
  const c5 = 5 * cols;
  const c6 = 6 * cols;
  const c7 = 7 * cols;
  const nw = wanted.length;
  const e1 = 1 * nw;
  const e2 = 2 * nw;
  const e3 = 3 * nw;
  const e4 = 4 * nw;
  const e5 = 5 * nw;
  const e6 = 6 * nw;
  const e7 = 7 * nw;
  let x0 = 0;
  let x1 = 0;
  let x2 = 0;
  let x3 = 0;
  let x4 = 0;
  let x5 = 0;
  let x6 = 0;
  let x7 = 0;
  let count = 0;
  let r = s0;
  let l = s0;
  let o = 0;
  let wi = 0;
  let next = wanted[0]!;
  const lastOut = wanted[nw - 1]! + 1;
  for (let i = 0; i < h - 1; i++, r++) {
    x0 = f32(x0 + src[r]!);
    x1 = f32(x1 + src[r + c1]!);
    x2 = f32(x2 + src[r + c2]!);
    x3 = f32(x3 + src[r + c3]!);
    x4 = f32(x4 + src[r + c4]!);
    x5 = f32(x5 + src[r + c5]!);
    x6 = f32(x6 + src[r + c6]!);
    x7 = f32(x7 + src[r + c7]!);
    count++;
  }
  for (let i = 0; i < w - h + 1 && o < lastOut; i++, r++, o++) {
    x0 = f32(x0 + src[r]!);
    x1 = f32(x1 + src[r + c1]!);
    x2 = f32(x2 + src[r + c2]!);
    x3 = f32(x3 + src[r + c3]!);
    x4 = f32(x4 + src[r + c4]!);
    x5 = f32(x5 + src[r + c5]!);
    x6 = f32(x6 + src[r + c6]!);
    x7 = f32(x7 + src[r + c7]!);
    count++;
    const inv1 = 1 / count;
    if (o === next) {
      const d = d0 + wi;
      dst[d] = x0 * inv1;
      dst[d + e1] = x1 * inv1;
      dst[d + e2] = x2 * inv1;
      dst[d + e3] = x3 * inv1;
      dst[d + e4] = x4 * inv1;
      dst[d + e5] = x5 * inv1;
      dst[d + e6] = x6 * inv1;
      dst[d + e7] = x7 * inv1;
      next = ++wi < nw ? wanted[wi]! : -1;
    }
  }
  const inv = 1 / count;
  const endC = Math.min(cols - w, lastOut - o);
  for (let i = 0; i < endC; i++, r++, l++, o++) {
    x0 = f32(f32(x0 + src[r]!) - src[l]!);
    x1 = f32(f32(x1 + src[r + c1]!) - src[l + c1]!);
    x2 = f32(f32(x2 + src[r + c2]!) - src[l + c2]!);
    x3 = f32(f32(x3 + src[r + c3]!) - src[l + c3]!);
    x4 = f32(f32(x4 + src[r + c4]!) - src[l + c4]!);
    x5 = f32(f32(x5 + src[r + c5]!) - src[l + c5]!);
    x6 = f32(f32(x6 + src[r + c6]!) - src[l + c6]!);
    x7 = f32(f32(x7 + src[r + c7]!) - src[l + c7]!);
    if (o === next) {
      const d = d0 + wi;
      dst[d] = x0 * inv;
      dst[d + e1] = x1 * inv;
      dst[d + e2] = x2 * inv;
      dst[d + e3] = x3 * inv;
      dst[d + e4] = x4 * inv;
      dst[d + e5] = x5 * inv;
      dst[d + e6] = x6 * inv;
      dst[d + e7] = x7 * inv;
      next = ++wi < nw ? wanted[wi]! : -1;
    }
  }
  for (let i = 0; i < h - 1 && o < lastOut; i++, l++, o++) {
    x0 = f32(x0 - src[l]!);
    x1 = f32(x1 - src[l + c1]!);
    x2 = f32(x2 - src[l + c2]!);
    x3 = f32(x3 - src[l + c3]!);
    x4 = f32(x4 - src[l + c4]!);
    x5 = f32(x5 - src[l + c5]!);
    x6 = f32(x6 - src[l + c6]!);
    x7 = f32(x7 - src[l + c7]!);
    count--;
    const inv2 = 1 / count;
    if (o === next) {
      const d = d0 + wi;
      dst[d] = x0 * inv2;
      dst[d + e1] = x1 * inv2;
      dst[d + e2] = x2 * inv2;
      dst[d + e3] = x3 * inv2;
      dst[d + e4] = x4 * inv2;
      dst[d + e5] = x5 * inv2;
      dst[d + e6] = x6 * inv2;
      dst[d + e7] = x7 * inv2;
      next = ++wi < nw ? wanted[wi]! : -1;
    }
  }
}

function hRows1Sampled(
  s0: number,
  dst: Float32Array,
  d0: number,
  cols: number,
  w: number,
  wanted: Int32Array,
): void {
  const src = HEAP;
  const h = Math.floor((w + 2) / 2);
  const nw = wanted.length;
  let x0 = 0;
  let count = 0;
  let r = s0;
  let l = s0;
  let o = 0;
  let wi = 0;
  let next = wanted[0]!;
  const lastOut = wanted[nw - 1]! + 1;
  for (let i = 0; i < h - 1; i++, r++) {
    x0 = f32(x0 + src[r]!);
    count++;
  }
  for (let i = 0; i < w - h + 1 && o < lastOut; i++, r++, o++) {
    x0 = f32(x0 + src[r]!);
    count++;
    const inv1 = 1 / count;
    if (o === next) {
      const d = d0 + wi;
      dst[d] = x0 * inv1;
      next = ++wi < nw ? wanted[wi]! : -1;
    }
  }
  const inv = 1 / count;
  const endC = Math.min(cols - w, lastOut - o);
  for (let i = 0; i < endC; i++, r++, l++, o++) {
    x0 = f32(f32(x0 + src[r]!) - src[l]!);
    if (o === next) {
      const d = d0 + wi;
      dst[d] = x0 * inv;
      next = ++wi < nw ? wanted[wi]! : -1;
    }
  }
  for (let i = 0; i < h - 1 && o < lastOut; i++, l++, o++) {
    x0 = f32(x0 - src[l]!);
    count--;
    const inv2 = 1 / count;
    if (o === next) {
      const d = d0 + wi;
      dst[d] = x0 * inv2;
      next = ++wi < nw ? wanted[wi]! : -1;
    }
  }
}
