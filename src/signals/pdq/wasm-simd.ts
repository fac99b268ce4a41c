// The SIMD kernels of wasm.ts (4 float32 lanes, IEEE single precision per lane like the scalar operations):
// luma 4 pixels at a time, the vertical pass 4 columns at a time, and the 16x16 DCT.
import {
  ADD,
  type Code,
  F32,
  F32X4_ADD,
  F32X4_DIV,
  F32X4_FROM_I32X4,
  F32X4_MUL,
  F32X4_SPLAT,
  F32X4_SUB,
  type Fn,
  I32,
  Locals,
  V128,
  ZERO_V,
  f32c,
  get,
  i32,
  incr,
  loadF32,
  loadV,
  repeat,
  set,
  simd,
  storeV,
  uleb,
} from '../wasm-asm.js';

/** The BT.601 weights as float32 (spec §2.3). */
export const CR = Math.fround(0.299);
export const CG = Math.fround(0.587);
export const CB = Math.fround(0.114);

/**
 * Bytes b, b+3, b+6, b+9 of v (pixels 0–3 of one channel) as four u32 lanes: i8x16.swizzle with a constant mask
 * (index 0x80 gives a zero byte), one pshufb on x64, where a two-operand shuffle with a zero vector costs two
 * and an or (measured 25 % faster luma).
 */
export const channel = (v: number, b: number): Code => [
  ...get(v),
  ...simd(0x0c),
  ...[0, 1, 2, 3].flatMap((i) => [b + 3 * i, 0x80, 0x80, 0x80]),
  ...simd(0x0e),
];

/**
 * `step(j)` for j = 0–3 then `advance` four times, groups / 4 times; then `step(0)` and `advance` for the last
 * groups % 4 (the luma loops are short: unrolled, they run about 30 % faster).
 */
function unrolled4(ci: number, groups: number, step: (j: number) => Code, advance: Code): Code {
  const adv4 = Array.from({ length: 4 }, () => advance).flat();
  return [
    ...repeat(
      ci,
      [...get(groups), ...i32(2), 0x75],
      [...step(0), ...step(1), ...step(2), ...step(3), ...adv4],
    ),
    ...repeat(ci, [...get(groups), ...i32(3), 0x71], [...step(0), ...advance]),
  ];
}

/** luma4(rgb, groups, out): luma of 4·groups RGB pixels, 4 at a time (reads 4 bytes past the last pixel). */
export function luma4Fn(): Fn {
  const L = new Locals();
  const rgb = L.param(I32);
  const n = L.param(I32);
  const out = L.param(I32);
  const ci = L.local(I32);
  const v = L.local(V128);
  const c = [L.local(V128), L.local(V128), L.local(V128)];
  const term = (ch: number): Code => [...get(c[ch]!), ...channel(v, ch), ...F32X4_FROM_I32X4, ...F32X4_MUL];
  const step = (j: number): Code => [
    ...[...get(rgb), ...simd(0x00), 0, ...uleb(12 * j), ...set(v)],
    ...[
      ...get(out),
      ...term(0),
      ...term(1),
      ...F32X4_ADD,
      ...term(2),
      ...F32X4_ADD,
      ...simd(0x0b),
      0,
      ...uleb(16 * j),
    ],
  ];
  const body: Code = [
    ...[CR, CG, CB].flatMap((w, i) => [...f32c(w), ...F32X4_SPLAT, ...set(c[i]!)]),
    ...unrolled4(ci, n, step, [...incr(rgb, 12), ...incr(out, 16)]),
  ];
  return { name: 'luma4', params: L.params, locals: L.locals, body };
}

/** Vertical pass on 4 columns at a time (groups of 4); outputs f32(sum / count) by an IEEE float32 division. */
export function v4Fn(name: string, add: boolean, sub: boolean, out: boolean): Fn {
  const L = new Locals();
  const [sb, rb, lb, ob, n] = [L.param(I32), L.param(I32), L.param(I32), L.param(I32), L.param(I32)];
  const count = L.param(F32);
  const ci = L.local(I32);
  const s = L.local(V128);
  const d = L.local(V128);
  const body: Code = [
    ...get(count),
    ...F32X4_SPLAT,
    ...set(d),
    ...repeat(ci, get(n), [
      ...loadV(get(sb)),
      ...(add ? [...loadV(get(rb)), ...F32X4_ADD] : []),
      ...(sub ? [...loadV(get(lb)), ...F32X4_SUB] : []),
      ...set(s),
      ...storeV(get(sb), get(s)),
      ...(out ? storeV(get(ob), [...get(s), ...get(d), ...F32X4_DIV]) : []),
      ...incr(sb, 16),
      ...incr(rb, 16),
      ...incr(lb, 16),
      ...incr(ob, 16),
    ]),
  ];
  return { name, params: L.params, locals: L.locals, body };
}

/**
 * dct(d, c, ct, t, b): the 16x16 DCT B = C·D·Cᵀ of the 64x64 grid at d (spec §2.8), with C (16x64) at c and
 * Cᵀ (64x16) at ct; T = C·D goes to t. Each sum is a float32 running sum over k = 0..63 ascending of float32
 * products (no fused multiply-add in WebAssembly), 4 independent sums (4 output columns) per SIMD step.
 */
export function dctFn(): Fn {
  const L = new Locals();
  const [d, c, ct, t, b] = [L.param(I32), L.param(I32), L.param(I32), L.param(I32), L.param(I32)];
  const [cu, cj, ck] = [L.local(I32), L.local(I32), L.local(I32)];
  const [row, col, pa, pb, po] = [L.local(I32), L.local(I32), L.local(I32), L.local(I32), L.local(I32)];
  const s = L.local(V128);
  /** out[u][4g..4g+3] = Σ_k A[u][k]·M[k][4g..4g+3], for u < 16, g < groups; A rows 256 bytes, M rows mStride. */
  const product = (a: number, m: number, mStride: number, groups: number, out: number): Code => [
    ...get(a),
    ...set(row),
    ...get(out),
    ...set(po),
    ...repeat(cu, i32(16), [
      ...get(m),
      ...set(col),
      ...repeat(cj, i32(groups), [
        ...ZERO_V,
        ...set(s),
        ...get(row),
        ...set(pa),
        ...get(col),
        ...set(pb),
        ...repeat(ck, i32(64), [
          ...get(s),
          ...loadF32(get(pa)),
          ...F32X4_SPLAT,
          ...loadV(get(pb)),
          ...F32X4_MUL,
          ...F32X4_ADD,
          ...set(s),
          ...incr(pa, 4),
          ...incr(pb, mStride),
        ]),
        ...storeV(get(po), get(s)),
        ...incr(po, 16),
        ...incr(col, 16),
      ]),
      ...incr(row, 256),
    ]),
  ];
  const body = [...product(c, d, 256, 16, t), ...product(t, ct, 64, 4, b)];
  return { name: 'dct', params: L.params, locals: L.locals, body };
}

/**
 * quality(grid, mask, out): Σ |trunc(f32(f32(f32(a − b) · 100) / 255))| over the vertical and horizontal neighbour
 * pairs of the 64x64 grid at `grid` (spec §2.7), as an i32 at `out`; `mask` holds the i32x4 (−1, −1, −1, 0) that drops
 * the pair across a row's end. The same float32 operations per pair as gridQuality (core.ts); the sum is of
 * integers, so its order does not matter. Reads 4 bytes past the grid (masked out).
 */
export function qualityFn(): Fn {
  const L = new Locals();
  const [grid, mask, out] = [L.param(I32), L.param(I32), L.param(I32)];
  const [ci, cj, p] = [L.local(I32), L.local(I32), L.local(I32)];
  const [acc, k100, k255, m] = [L.local(V128), L.local(V128), L.local(V128), L.local(V128)];
  /** |trunc(((a − b) · 100) / 255)| as i32x4 for the floats at p and p + off (bytes). */
  const term = (off: number): Code => [
    ...loadV(get(p)),
    ...[...get(p), ...simd(0x00), 0, ...uleb(off)],
    ...F32X4_SUB,
    ...get(k100),
    ...F32X4_MUL,
    ...get(k255),
    ...F32X4_DIV,
    ...simd(0xf8), // i32x4.trunc_sat_f32x4_s
    ...simd(0xa0), // i32x4.abs
  ];
  const addTo = (v: Code): Code => [...get(acc), ...v, ...simd(0xae), ...set(acc)]; // i32x4.add
  const body: Code = [
    ...[...ZERO_V, ...set(acc), ...loadV(get(mask)), ...set(m)],
    ...[...f32c(100), ...F32X4_SPLAT, ...set(k100), ...f32c(255), ...F32X4_SPLAT, ...set(k255)],
    // Vertical pairs: rows 0–62 against the next row, 4 columns a step.
    ...[...get(grid), ...set(p)],
    ...repeat(ci, i32(1008), [...addTo(term(256)), ...incr(p, 16)]),
    // Horizontal pairs: each row's 15 groups of 4, then its last group without the pair across the end.
    ...[...get(grid), ...set(p)],
    ...repeat(ci, i32(64), [
      ...repeat(cj, i32(15), [...addTo(term(4)), ...incr(p, 16)]),
      ...addTo([...term(4), ...get(m), ...simd(0x4e)]), // v128.and
      ...incr(p, 16),
    ]),
    ...get(out),
    ...[0, 1, 2, 3].flatMap((lane) => [...get(acc), ...simd(0x1b), lane]), // i32x4.extract_lane
    ...[ADD, ADD, ADD, 0x36, 2, 0], // i32.store
  ];
  return { name: 'quality', params: L.params, locals: L.locals, body };
}
