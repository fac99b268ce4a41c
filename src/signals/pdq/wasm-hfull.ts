// SIMD kernels for the first horizontal pass (spec §2.5) on a block of 8 luma rows: t8 transposes the row-major
// block into lanes (column c of rows 0–7 at 32·c bytes: two f32x4, rows 0–3 and 4–7), h8v keeps the 8 running
// sums as two f32x4 chains and writes its output back row-major, transposing 4 columns at a time in the long
// middle phase. Per row, the same float32 operations in the same order as hFn in wasm.ts (add, then subtract;
// f32(sum / count) by an IEEE float32 division, equal to the scalar f32(f64(sum) · (1/count)), see jarosz.ts):
// identical bits (pdq-wasm.test.ts).
import {
  ADD,
  type Code,
  F32X4_ADD,
  F32X4_DIV,
  F32X4_FROM_I32X4,
  F32X4_MUL,
  F32X4_SPLAT,
  F32X4_SUB,
  type Fn,
  I32,
  Locals,
  MUL,
  V128,
  f32c,
  get,
  i32,
  incr,
  repeat,
  set,
  simd,
  uleb,
} from '../wasm-asm.js';
import { storeLane } from './wasm-lanes.js';
import { CB, CG, CR, channel } from './wasm-simd.js';

const F32_FROM_I32 = 0xb2;

/** v128.load at p + offset (bytes). */
export const loadAt = (p: Code, offset: number): Code => [...p, ...simd(0x00), 0, ...uleb(offset)];

/** v128.store of v at p + offset (bytes). */
export const storeAt = (p: Code, offset: number, v: Code): Code => [
  ...p,
  ...v,
  ...simd(0x0b),
  0,
  ...uleb(offset),
];

/** i8x16.shuffle of a and b picking the float32 lanes `lanes` (0–3 from a, 4–7 from b). */
const pick = (a: number, b: number, lanes: number[]): Code => [
  ...get(a),
  ...get(b),
  ...simd(0x0d),
  ...lanes.flatMap((q) => [4 * q, 4 * q + 1, 4 * q + 2, 4 * q + 3]),
];

/** Transposes the 4x4 float32 matrix whose rows are locals v[0..3] into locals out[0..3] (t: 4 temporaries). */
export function transpose4(v: number[], t: number[], out: number[]): Code {
  return [
    ...[...pick(v[0]!, v[1]!, [0, 4, 1, 5]), ...set(t[0]!)],
    ...[...pick(v[0]!, v[1]!, [2, 6, 3, 7]), ...set(t[1]!)],
    ...[...pick(v[2]!, v[3]!, [0, 4, 1, 5]), ...set(t[2]!)],
    ...[...pick(v[2]!, v[3]!, [2, 6, 3, 7]), ...set(t[3]!)],
    ...[...pick(t[0]!, t[2]!, [0, 1, 4, 5]), ...set(out[0]!)],
    ...[...pick(t[0]!, t[2]!, [2, 3, 6, 7]), ...set(out[1]!)],
    ...[...pick(t[1]!, t[3]!, [0, 1, 4, 5]), ...set(out[2]!)],
    ...[...pick(t[1]!, t[3]!, [2, 3, 6, 7]), ...set(out[3]!)],
  ];
}

/**
 * t8(src, stride, dst, groups): 8 rows of 4·groups float32 (row k at src + k·stride) into lanes: column c of
 * rows 0–3 at dst + 32c, rows 4–7 at dst + 32c + 16. Reads up to 12 bytes past the last column of each row.
 */
export function t8Fn(): Fn {
  const L = new Locals();
  const [src, stride, dst, groups] = [L.param(I32), L.param(I32), L.param(I32), L.param(I32)];
  const ci = L.local(I32);
  const ek = Array.from({ length: 8 }, () => L.local(I32));
  const v = Array.from({ length: 8 }, () => L.local(V128));
  const t = Array.from({ length: 4 }, () => L.local(V128));
  const c = Array.from({ length: 4 }, () => L.local(V128));
  const half = (h: number): Code => [
    ...transpose4(v.slice(4 * h, 4 * h + 4), t, c),
    ...c.flatMap((cj, j) => storeAt(get(dst), 32 * j + 16 * h, get(cj))),
  ];
  const body: Code = [
    ...ek.flatMap((e, k) => [...i32(k), ...get(stride), MUL, ...set(e)]),
    ...repeat(ci, get(groups), [
      ...v.flatMap((vk, k) => [
        ...loadAt(k === 0 ? get(src) : [...get(src), ...get(ek[k]!), ADD], 0),
        ...set(vk),
      ]),
      ...half(0),
      ...half(1),
      ...incr(src, 16),
      ...incr(dst, 128),
    ]),
  ];
  return { name: 't8', params: L.params, locals: L.locals, body };
}

/**
 * lt8(rgb, stride, dst, groups): t8 straight from 8 rows of RGB bytes (row k at rgb + k·stride): the luma of 4
 * pixels of each row, as luma4 computes it (wasm-simd.ts), transposed into lanes without the row-major luma block
 * being written and read back. Reads up to 4 bytes past the last pixel of each row.
 */
export function lt8Fn(): Fn {
  const L = new Locals();
  const [rgb, stride, dst, groups] = [L.param(I32), L.param(I32), L.param(I32), L.param(I32)];
  const ci = L.local(I32);
  const ek = Array.from({ length: 8 }, () => L.local(I32));
  const raw = L.local(V128);
  const cw = [L.local(V128), L.local(V128), L.local(V128)];
  const v = Array.from({ length: 4 }, () => L.local(V128));
  const t = Array.from({ length: 4 }, () => L.local(V128));
  const c = Array.from({ length: 4 }, () => L.local(V128));
  const term = (ch: number): Code => [
    ...get(cw[ch]!),
    ...channel(raw, ch),
    ...F32X4_FROM_I32X4,
    ...F32X4_MUL,
  ];
  const luma = (k: number): Code => [
    ...loadAt(k === 0 ? get(rgb) : [...get(rgb), ...get(ek[k]!), ADD], 0),
    ...set(raw),
    ...[...term(0), ...term(1), ...F32X4_ADD, ...term(2), ...F32X4_ADD],
  ];
  // Rows 4h..4h+3: their luma, transposed, stored as the h-th f32x4 of 4 columns.
  const half = (h: number): Code => [
    ...v.flatMap((vk, j) => [...luma(4 * h + j), ...set(vk)]),
    ...transpose4(v, t, c),
    ...c.flatMap((cj, j) => storeAt(get(dst), 32 * j + 16 * h, get(cj))),
  ];
  const body: Code = [
    ...[CR, CG, CB].flatMap((w, i) => [...f32c(w), ...F32X4_SPLAT, ...set(cw[i]!)]),
    ...ek.flatMap((e, k) => [...i32(k), ...get(stride), MUL, ...set(e)]),
    ...repeat(ci, get(groups), [...half(0), ...half(1), ...incr(rgb, 12), ...incr(dst, 128)]),
  ];
  return { name: 'lt8', params: L.params, locals: L.locals, body };
}

/**
 * h8v(src, dst, dstStride, nA, nB, nC, nD): the full horizontal pass (phases A–D of spec §2.5) on one 8-row block
 * laid out by t8 at src; output row k at dst + k·dstStride (row-major, every column).
 */
export function h8vFn(): Fn {
  const L = new Locals();
  const [src, dst, dstStride] = [L.param(I32), L.param(I32), L.param(I32)];
  const [nA, nB, nC, nD] = [L.param(I32), L.param(I32), L.param(I32), L.param(I32)];
  const [ci, r, l, o, cnt] = [L.local(I32), L.local(I32), L.local(I32), L.local(I32), L.local(I32)];
  const [s0, s1, d] = [L.local(V128), L.local(V128), L.local(V128)];
  const ek = Array.from({ length: 8 }, () => L.local(I32));
  const qa = Array.from({ length: 4 }, () => L.local(V128));
  const qb = Array.from({ length: 4 }, () => L.local(V128));
  const t = Array.from({ length: 4 }, () => L.local(V128));
  const w = Array.from({ length: 4 }, () => L.local(V128));
  const rowAt = (k: number): Code => (k === 0 ? get(o) : [...get(o), ...get(ek[k]!), ADD]);
  const chain = (add: boolean, sub: boolean, off: number): Code => [
    ...[...get(s0), ...(add ? [...loadAt(get(r), off), ...F32X4_ADD] : [])],
    ...[...(sub ? [...loadAt(get(l), off), ...F32X4_SUB] : []), ...set(s0)],
    ...[...get(s1), ...(add ? [...loadAt(get(r), off + 16), ...F32X4_ADD] : [])],
    ...[...(sub ? [...loadAt(get(l), off + 16), ...F32X4_SUB] : []), ...set(s1)],
  ];
  const splatCount: Code = [...get(cnt), F32_FROM_I32, ...F32X4_SPLAT, ...set(d)];
  const div = (s: number, q: number): Code => [...get(s), ...get(d), ...F32X4_DIV, ...set(q)];
  // One output column by lane stores (phases B and D, and the last nC % 4 columns of C).
  const emit1: Code = [
    ...div(s0, qa[0]!),
    ...div(s1, qb[0]!),
    ...Array.from({ length: 8 }, (_, k) =>
      storeLane(rowAt(k), get(k < 4 ? qa[0]! : qb[0]!), 0, k & 3),
    ).flat(),
    ...incr(o, 4),
  ];
  // Four output columns of phase C: their 8 rows transposed back to rows, 4 floats each.
  const group4: Code = [
    ...[0, 1, 2, 3].flatMap((j) => [...chain(true, true, 32 * j), ...div(s0, qa[j]!), ...div(s1, qb[j]!)]),
    ...transpose4(qa, t, w),
    ...w.flatMap((wk, k) => storeAt(rowAt(k), 0, get(wk))),
    ...transpose4(qb, t, w),
    ...w.flatMap((wk, k) => storeAt(rowAt(k + 4), 0, get(wk))),
    ...incr(o, 16),
    ...incr(r, 128),
    ...incr(l, 128),
  ];
  const body: Code = [
    ...[...get(src), ...set(r), ...get(src), ...set(l), ...get(dst), ...set(o)],
    ...ek.flatMap((e, k) => [...i32(k), ...get(dstStride), MUL, ...set(e)]),
    ...repeat(ci, get(nA), [...chain(true, false, 0), ...incr(r, 32), ...incr(cnt, 1)]),
    ...repeat(ci, get(nB), [
      ...chain(true, false, 0),
      ...incr(r, 32),
      ...incr(cnt, 1),
      ...splatCount,
      ...emit1,
    ]),
    ...splatCount,
    ...repeat(ci, [...get(nC), ...i32(2), 0x75], group4), // i32.shr_s: nC / 4 groups
    ...repeat(
      ci,
      [...get(nC), ...i32(3), 0x71],
      [...chain(true, true, 0), ...incr(r, 32), ...incr(l, 32), ...emit1],
    ), // i32.and: nC % 4
    ...repeat(ci, get(nD), [
      ...chain(false, true, 0),
      ...incr(l, 32),
      ...incr(cnt, -1),
      ...splatCount,
      ...emit1,
    ]),
  ];
  return { name: 'h8v', params: L.params, locals: L.locals, body };
}
