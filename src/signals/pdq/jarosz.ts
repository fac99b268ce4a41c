// Jarosz tent filter (spec pdq.md §2.5): two passes of {horizontal box, vertical box}, each a float32
// running sum in the reference's exact order of additions, subtractions and divisions.
//
// The float32 quotient f32(sum / count) is computed as f32(sum * (1 / count)) with the reciprocal in double:
// for a float32 sum and an integer count ≤ 2^20 the results are identical. Proof: the exact quotient q is never
// a float32 midpoint (that would need a 25-bit odd significand in a float32 sum) and, when it is not, it lies at
// least 2^-25 / count (relative) from every midpoint, far more than the 2^-52 relative error of the double
// product; so both round to the same float32. Multiplication is several times cheaper than division.

const f32 = Math.fround;

/** Window size of the box filter for a side of n pixels: ceil(n / 128). */
export function boxWindow(n: number): number {
  return Math.floor((n + 127) / 128);
}

/**
 * Horizontal box pass of window w along every row of a rows x cols buffer (row-major), src → dst.
 * Four rows run interleaved (independent float32 chains, for instruction-level parallelism).
 */
export function boxRows(src: Float32Array, dst: Float32Array, rows: number, cols: number, w: number): void {
  for (let r = 0; r < rows; r += 4) boxRowsFrom(src, r * cols, dst, r * cols, Math.min(4, rows - r), cols, w);
}

/** Horizontal pass over k consecutive rows starting at src[sBase], written from dst[dBase] (4 interleaved when k = 4). */
export function boxRowsFrom(
  src: Float32Array,
  sBase: number,
  dst: Float32Array,
  dBase: number,
  k: number,
  cols: number,
  w: number,
): void {
  if (k === 4) boxRows4(src, sBase, dst, dBase, cols, w);
  else for (let j = 0; j < k; j++) boxRow(src, sBase + j * cols, dst, dBase + j * cols, cols, w);
}

function boxRow(
  src: Float32Array,
  sBase: number,
  dst: Float32Array,
  dBase: number,
  cols: number,
  w: number,
): void {
  const h = Math.floor((w + 2) / 2);
  let sum = 0;
  let count = 0;
  let inv = 0;
  let right = sBase;
  let left = sBase;
  let out = dBase;
  for (let i = 0; i < h - 1; i++) {
    sum = f32(sum + src[right++]!);
    count++;
    inv = 1 / count;
  }
  for (let i = 0; i < w - h + 1; i++) {
    sum = f32(sum + src[right++]!);
    count++;
    inv = 1 / count;
    dst[out++] = sum * inv;
  }
  for (let i = 0; i < cols - w; i++) {
    sum = f32(sum + src[right++]!);
    sum = f32(sum - src[left++]!);
    dst[out++] = sum * inv;
  }
  for (let i = 0; i < h - 1; i++) {
    sum = f32(sum - src[left++]!);
    count--;
    inv = 1 / count;
    dst[out++] = sum * inv;
  }
}

function boxRows4(
  src: Float32Array,
  b0: number,
  dst: Float32Array,
  d0: number,
  cols: number,
  w: number,
): void {
  const h = Math.floor((w + 2) / 2);
  const b1 = b0 + cols;
  const b2 = b1 + cols;
  const b3 = b2 + cols;
  const d1 = d0 + cols;
  const d2 = d1 + cols;
  const d3 = d2 + cols;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let count = 0;
  let inv = 0;
  let right = 0;
  let left = 0;
  let out = 0;
  for (let i = 0; i < h - 1; i++, right++) {
    s0 = f32(s0 + src[b0 + right]!);
    s1 = f32(s1 + src[b1 + right]!);
    s2 = f32(s2 + src[b2 + right]!);
    s3 = f32(s3 + src[b3 + right]!);
    count++;
    inv = 1 / count;
  }
  for (let i = 0; i < w - h + 1; i++, right++, out++) {
    s0 = f32(s0 + src[b0 + right]!);
    s1 = f32(s1 + src[b1 + right]!);
    s2 = f32(s2 + src[b2 + right]!);
    s3 = f32(s3 + src[b3 + right]!);
    count++;
    inv = 1 / count;
    dst[d0 + out] = s0 * inv;
    dst[d1 + out] = s1 * inv;
    dst[d2 + out] = s2 * inv;
    dst[d3 + out] = s3 * inv;
  }
  for (let i = 0; i < cols - w; i++, right++, left++, out++) {
    s0 = f32(f32(s0 + src[b0 + right]!) - src[b0 + left]!);
    s1 = f32(f32(s1 + src[b1 + right]!) - src[b1 + left]!);
    s2 = f32(f32(s2 + src[b2 + right]!) - src[b2 + left]!);
    s3 = f32(f32(s3 + src[b3 + right]!) - src[b3 + left]!);
    dst[d0 + out] = s0 * inv;
    dst[d1 + out] = s1 * inv;
    dst[d2 + out] = s2 * inv;
    dst[d3 + out] = s3 * inv;
  }
  for (let i = 0; i < h - 1; i++, left++, out++) {
    s0 = f32(s0 - src[b0 + left]!);
    s1 = f32(s1 - src[b1 + left]!);
    s2 = f32(s2 - src[b2 + left]!);
    s3 = f32(s3 - src[b3 + left]!);
    count--;
    inv = 1 / count;
    dst[d0 + out] = s0 * inv;
    dst[d1 + out] = s1 * inv;
    dst[d2 + out] = s2 * inv;
    dst[d3 + out] = s3 * inv;
  }
}

/** Vertical box pass of window w down every column, swept row by row with one running sum per column. */
export function boxCols(src: Float32Array, dst: Float32Array, rows: number, cols: number, w: number): void {
  const h = Math.floor((w + 2) / 2);
  const sums = new Float32Array(cols);
  let right = 0;
  let left = 0;
  let count = 0;
  let inv = 0;
  let out = 0;
  for (let i = 0; i < h - 1; i++, right++) {
    const rb = right * cols;
    for (let c = 0; c < cols; c++) sums[c] = sums[c]! + src[rb + c]!;
    count++;
    inv = 1 / count;
  }
  for (let i = 0; i < w - h + 1; i++, right++, out++) {
    const rb = right * cols;
    const ob = out * cols;
    count++;
    inv = 1 / count;
    for (let c = 0; c < cols; c++) {
      const s = f32(sums[c]! + src[rb + c]!);
      sums[c] = s;
      dst[ob + c] = s * inv;
    }
  }
  for (let i = 0; i < rows - w; i++, right++, left++, out++) {
    const rb = right * cols;
    const lb = left * cols;
    const ob = out * cols;
    for (let c = 0; c < cols; c++) {
      const s = f32(f32(sums[c]! + src[rb + c]!) - src[lb + c]!);
      sums[c] = s;
      dst[ob + c] = s * inv;
    }
  }
  for (let i = 0; i < h - 1; i++, left++, out++) {
    const lb = left * cols;
    const ob = out * cols;
    count--;
    inv = 1 / count;
    for (let c = 0; c < cols; c++) {
      const s = f32(sums[c]! - src[lb + c]!);
      sums[c] = s;
      dst[ob + c] = s * inv;
    }
  }
}

/**
 * The vertical pass restricted to some columns (`wanted`, ascending) and to output rows [0, rowEnd):
 * identical values there, since each column sees the same operations. Used for the last pass, whose
 * output is only sampled at 64 columns.
 */
export function boxColsAt(
  src: Float32Array,
  dst: Float32Array,
  rows: number,
  cols: number,
  w: number,
  wanted: Int32Array,
  rowEnd: number,
): void {
  const h = Math.floor((w + 2) / 2);
  const nc = wanted.length;
  const sums = new Float32Array(nc);
  let right = 0;
  let left = 0;
  let count = 0;
  let inv = 0;
  let out = 0;
  for (let i = 0; i < h - 1; i++, right++) {
    const rb = right * cols;
    for (let c = 0; c < nc; c++) sums[c] = sums[c]! + src[rb + wanted[c]!]!;
    count++;
    inv = 1 / count;
  }
  for (let i = 0; i < w - h + 1 && out < rowEnd; i++, right++, out++) {
    const rb = right * cols;
    const ob = out * cols;
    count++;
    inv = 1 / count;
    for (let c = 0; c < nc; c++) {
      const k = wanted[c]!;
      const s = f32(sums[c]! + src[rb + k]!);
      sums[c] = s;
      dst[ob + k] = s * inv;
    }
  }
  for (let i = 0; i < rows - w && out < rowEnd; i++, right++, left++, out++) {
    const rb = right * cols;
    const lb = left * cols;
    const ob = out * cols;
    for (let c = 0; c < nc; c++) {
      const k = wanted[c]!;
      const s = f32(f32(sums[c]! + src[rb + k]!) - src[lb + k]!);
      sums[c] = s;
      dst[ob + k] = s * inv;
    }
  }
  for (let i = 0; i < h - 1 && out < rowEnd; i++, left++, out++) {
    const lb = left * cols;
    const ob = out * cols;
    count--;
    inv = 1 / count;
    for (let c = 0; c < nc; c++) {
      const k = wanted[c]!;
      const s = f32(sums[c]! - src[lb + k]!);
      sums[c] = s;
      dst[ob + k] = s * inv;
    }
  }
}
