// SIMD kernel for the second horizontal pass with 4 rows per lane group: each 8-row output block of the first
// vertical pass is transposed into lanes by t8 (wasm-hfull.ts: column c of rows 0–7 at 32·c bytes, two f32x4,
// rows 0–3 and 4–7), so the horizontal running sums of 8 rows are two f32x4 chains instead of 8 scalar ones. Same float32 operations in
// the same order per row as hFn (add, then subtract; f32(sum / count) by an IEEE float32 division, which equals
// the scalar kernels' f32(f64(sum) · (1/count)), see jarosz.ts): identical bits (pdq-wasm.test.ts).
import {
  type Code,
  EQ,
  F32X4_ADD,
  F32X4_DIV,
  F32X4_SPLAT,
  F32X4_SUB,
  type Fn,
  I32,
  Locals,
  V128,
  ADD,
  get,
  i32,
  incr,
  loadI32,
  loadV,
  repeat,
  set,
  simd,
  uleb,
  MUL,
} from '../wasm-asm.js';

const F32_FROM_I32 = 0xb2;

/** v128.store32_lane: lane `lane` of v at p + offset. */
export const storeLane = (p: Code, v: Code, offset: number, lane: number): Code => [
  ...p,
  ...v,
  ...simd(0x5a),
  2,
  ...uleb(offset),
  lane,
];

/**
 * h8si(src, dst, dstStride, wanted, nA, nB, nC, nD): the sampled horizontal pass (phases A–D of spec §2.5) on
 * one interleaved 8-row block; at the columns listed in `wanted` (i32, ended by -1) row k's j-th output goes to
 * dst + k·dstStride + 4j. With `blocks` 2 (h16si), a second block's lanes at src2 (a parameter after src) are
 * rows 8–15: four independent f32x4 chains instead of two, so that the add-then-subtract latency of one chain
 * overlaps the others' (the pass is latency-bound at two chains).
 */
export function h8siFn(blocks: 1 | 2 = 1): Fn {
  const L = new Locals();
  const src = L.param(I32);
  const src2 = blocks === 2 ? L.param(I32) : -1;
  const [dst, dstStride, wanted] = [L.param(I32), L.param(I32), L.param(I32)];
  const [nA, nB, nC, nD] = [L.param(I32), L.param(I32), L.param(I32), L.param(I32)];
  const [ci, r, l, o, cnt, wi, next, base] = [0, 0, 0, 0, 0, 0, 0, 0].map(() => L.local(I32)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [r2, l2] = blocks === 2 ? [L.local(I32), L.local(I32)] : [-1, -1];
  const nRows = 8 * blocks;
  const s = Array.from({ length: 2 * blocks }, () => L.local(V128));
  const q = Array.from({ length: 2 * blocks }, () => L.local(V128));
  const d = L.local(V128);
  const ek = Array.from({ length: nRows }, () => L.local(I32));
  // Chain c: block c >> 1 (pointer r or r2), half c & 1 (rows 0–3 at +0, rows 4–7 at +16).
  const ptr = (c: number, p: number, p2: number): Code => {
    const at = get(c >> 1 ? p2 : p);
    return c & 1 ? [...at, ...i32(16), ADD] : at;
  };
  const addR: Code = s.flatMap((sc, c) => [...get(sc), ...loadV(ptr(c, r, r2)), ...F32X4_ADD, ...set(sc)]);
  const subL: Code = s.flatMap((sc, c) => [...get(sc), ...loadV(ptr(c, l, l2)), ...F32X4_SUB, ...set(sc)]);
  const step = (p: number, p2: number): Code => [...incr(p, 32), ...(blocks === 2 ? incr(p2, 32) : [])];
  const emit: Code = [
    ...[...get(o), ...get(next), EQ, 0x04, 0x40],
    ...[...get(cnt), F32_FROM_I32, ...F32X4_SPLAT, ...set(d)],
    ...s.flatMap((sc, c) => [...get(sc), ...get(d), ...F32X4_DIV, ...set(q[c]!)]),
    ...[...get(dst), ...get(wi), ADD, ...set(base)],
    ...Array.from({ length: nRows }, (_, k) =>
      storeLane(k === 0 ? get(base) : [...get(base), ...get(ek[k]!), ADD], get(q[k >> 2]!), 0, k & 3),
    ).flat(),
    ...incr(wi, 4),
    ...incr(wanted, 4),
    ...loadI32(get(wanted)),
    ...set(next),
    0x0b,
    ...incr(o, 1),
  ];
  const body: Code = [
    ...[...get(src), ...set(r), ...get(src), ...set(l)],
    ...(blocks === 2 ? [...get(src2), ...set(r2), ...get(src2), ...set(l2)] : []),
    ...[...loadI32(get(wanted)), ...set(next)],
    ...ek.flatMap((e, k) => [...i32(k), ...get(dstStride), MUL, ...set(e)]),
    ...repeat(ci, get(nA), [...addR, ...step(r, r2), ...incr(cnt, 1)]),
    ...repeat(ci, get(nB), [...addR, ...step(r, r2), ...incr(cnt, 1), ...emit]),
    ...repeat(ci, get(nC), [...addR, ...subL, ...step(r, r2), ...step(l, l2), ...emit]),
    ...repeat(ci, get(nD), [...subL, ...step(l, l2), ...incr(cnt, -1), ...emit]),
  ];
  return { name: blocks === 2 ? 'h16si' : 'h8si', params: L.params, locals: L.locals, body };
}
