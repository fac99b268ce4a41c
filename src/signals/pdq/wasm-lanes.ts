// SIMD kernels for the second horizontal pass with 4 rows per lane group: the first vertical pass writes its
// 8-row output blocks interleaved (column c of rows 0–7 at 32·c bytes: two f32x4, rows 0–3 and 4–7), so the
// horizontal running sums of 8 rows are two f32x4 chains instead of 8 scalar ones. Same float32 operations in
// the same order per row as hFn (add, then subtract; f32(sum / count) by an IEEE float32 division, which equals
// the scalar kernels' f32(f64(sum) · (1/count)), see jarosz.ts): identical bits (pdq-wasm.test.ts).
import {
  type Code,
  EQ,
  F32,
  F32ADD,
  F32SUB,
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
  loadF32,
  loadI32,
  loadV,
  repeat,
  set,
  simd,
  storeF32,
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

/** Vertical pass writing its output interleaved: 4 columns per step, each lane to its column's 32-byte slot. */
export function v4iFn(name: string, add: boolean, sub: boolean): Fn {
  const L = new Locals();
  const [sb, rb, lb, ob, n] = [L.param(I32), L.param(I32), L.param(I32), L.param(I32), L.param(I32)];
  const count = L.param(F32);
  const ci = L.local(I32);
  const s = L.local(V128);
  const d = L.local(V128);
  const q = L.local(V128);
  const body: Code = [
    ...get(count),
    ...F32X4_SPLAT,
    ...set(d),
    ...repeat(ci, get(n), [
      ...loadV(get(sb)),
      ...(add ? [...loadV(get(rb)), ...F32X4_ADD] : []),
      ...(sub ? [...loadV(get(lb)), ...F32X4_SUB] : []),
      ...set(s),
      ...[...get(sb), ...get(s), ...simd(0x0b), 0, 0],
      ...[...get(s), ...get(d), ...F32X4_DIV, ...set(q)],
      ...[0, 1, 2, 3].flatMap((lane) => storeLane(get(ob), get(q), 32 * lane, lane)),
      ...incr(sb, 16),
      ...incr(rb, 16),
      ...incr(lb, 16),
      ...incr(ob, 128),
    ]),
  ];
  return { name, params: L.params, locals: L.locals, body };
}

/** The scalar tail of v4iFn (columns one by one, output slots 32 bytes apart). */
export function viFn(name: string, add: boolean, sub: boolean): Fn {
  const L = new Locals();
  const [sb, rb, lb, ob, n] = [L.param(I32), L.param(I32), L.param(I32), L.param(I32), L.param(I32)];
  const count = L.param(F32);
  const ci = L.local(I32);
  const s = L.local(F32);
  const body = repeat(ci, get(n), [
    ...loadF32(get(sb)),
    ...(add ? [...loadF32(get(rb)), F32ADD] : []),
    ...(sub ? [...loadF32(get(lb)), F32SUB] : []),
    ...set(s),
    ...storeF32(get(sb), get(s)),
    ...storeF32(get(ob), [...get(s), ...get(count), 0x95]), // f32.div
    ...incr(sb, 4),
    ...incr(rb, 4),
    ...incr(lb, 4),
    ...incr(ob, 32),
  ]);
  return { name, params: L.params, locals: L.locals, body };
}

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
