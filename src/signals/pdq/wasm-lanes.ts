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
 * dst + k·dstStride + 4j.
 */
export function h8siFn(): Fn {
  const L = new Locals();
  const [src, dst, dstStride, wanted] = [L.param(I32), L.param(I32), L.param(I32), L.param(I32)];
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
  const [s0, s1, d, q0, q1] = [L.local(V128), L.local(V128), L.local(V128), L.local(V128), L.local(V128)];
  const ek = Array.from({ length: 8 }, () => L.local(I32));
  const addR: Code = [
    ...[...get(s0), ...loadV(get(r)), ...F32X4_ADD, ...set(s0)],
    ...[...get(s1), ...loadV([...get(r), ...i32(16), ADD]), ...F32X4_ADD, ...set(s1)],
  ];
  const subL: Code = [
    ...[...get(s0), ...loadV(get(l)), ...F32X4_SUB, ...set(s0)],
    ...[...get(s1), ...loadV([...get(l), ...i32(16), ADD]), ...F32X4_SUB, ...set(s1)],
  ];
  const emit: Code = [
    ...[...get(o), ...get(next), EQ, 0x04, 0x40],
    ...[...get(cnt), F32_FROM_I32, ...F32X4_SPLAT, ...set(d)],
    ...[...get(s0), ...get(d), ...F32X4_DIV, ...set(q0), ...get(s1), ...get(d), ...F32X4_DIV, ...set(q1)],
    ...[...get(dst), ...get(wi), ADD, ...set(base)],
    ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((k) =>
      storeLane(k === 0 ? get(base) : [...get(base), ...get(ek[k]!), ADD], get(k < 4 ? q0 : q1), 0, k & 3),
    ),
    ...incr(wi, 4),
    ...incr(wanted, 4),
    ...loadI32(get(wanted)),
    ...set(next),
    0x0b,
    ...incr(o, 1),
  ];
  const body: Code = [
    ...[...get(src), ...set(r), ...get(src), ...set(l)],
    ...[...loadI32(get(wanted)), ...set(next)],
    ...ek.flatMap((e, k) => [...i32(k), ...get(dstStride), MUL, ...set(e)]),
    ...repeat(ci, get(nA), [...addR, ...incr(r, 32), ...incr(cnt, 1)]),
    ...repeat(ci, get(nB), [...addR, ...incr(r, 32), ...incr(cnt, 1), ...emit]),
    ...repeat(ci, get(nC), [...addR, ...subL, ...incr(r, 32), ...incr(l, 32), ...emit]),
    ...repeat(ci, get(nD), [...subL, ...incr(l, 32), ...incr(cnt, -1), ...emit]),
  ];
  return { name: 'h8si', params: L.params, locals: L.locals, body };
}
