// SIMD kernel for the first vertical pass (spec §2.5) on 8 output rows at once, written straight into the lanes
// the sampled horizontal pass reads (wasm-lanes.ts): the column sums stay in a register over the 8 rows (one load
// and one store of them per block instead of per row), and no row-major output block is written, read back and
// transposed (t8). Per row and column, the same float32 operations in the same order as v4Fn (wasm-simd.ts):
// add the entering row, subtract the leaving one, f32(sum / count) by an IEEE float32 division; identical bits
// (pdq-wasm.test.ts).
import {
  ADD,
  type Code,
  F32,
  F32X4_ADD,
  F32X4_DIV,
  F32X4_SPLAT,
  F32X4_SUB,
  type Fn,
  I32,
  Locals,
  V128,
  get,
  i32,
  incr,
  loadF32,
  loadI32,
  repeat,
  set,
} from '../wasm-asm.js';
import { loadAt, storeAt, transpose4 } from './wasm-hfull.js';

/**
 * v8t(sums, table, dst, groups): 8 steps of the vertical pass over 4·groups columns. `table` holds, as i32 byte
 * addresses, the row added at step k (table + 4k), the row subtracted (table + 32 + 4k), and the float32 count
 * dividing step k's sums (table + 64 + 4k); a step that adds or subtracts nothing names a row of zeros (x + 0 = x
 * and x − 0 = x for every sum here, none being −0). Output column c of steps 0–3 at dst + 32c, 4–7 at + 16.
 */
export function v8tFn(): Fn {
  const L = new Locals();
  const [sums, table, dst, groups] = [L.param(I32), L.param(I32), L.param(I32), L.param(I32)];
  const [ci, off] = [L.local(I32), L.local(I32)];
  const ra = Array.from({ length: 8 }, () => L.local(I32));
  const rs = Array.from({ length: 8 }, () => L.local(I32));
  const cnt = Array.from({ length: 8 }, () => L.local(F32));
  const s = L.local(V128);
  const q = Array.from({ length: 4 }, () => L.local(V128));
  const t = Array.from({ length: 4 }, () => L.local(V128));
  const c = Array.from({ length: 4 }, () => L.local(V128));
  const at = (p: number): Code => [...get(p), ...get(off), ADD];
  const step = (k: number): Code => [
    ...[...get(s), ...loadAt(at(ra[k]!), 0), ...F32X4_ADD, ...loadAt(at(rs[k]!), 0), ...F32X4_SUB, ...set(s)],
    ...[...get(s), ...get(cnt[k]!), ...F32X4_SPLAT, ...F32X4_DIV, ...set(q[k & 3]!)],
  ];
  const half = (h: number): Code => [
    ...[0, 1, 2, 3].flatMap((j) => step(4 * h + j)),
    ...transpose4(q, t, c),
    ...c.flatMap((cj, j) => storeAt(get(dst), 32 * j + 16 * h, get(cj))),
  ];
  const body: Code = [
    ...ra.flatMap((r, k) => [...loadI32([...get(table), ...i32(4 * k), ADD]), ...set(r)]),
    ...rs.flatMap((r, k) => [...loadI32([...get(table), ...i32(32 + 4 * k), ADD]), ...set(r)]),
    ...cnt.flatMap((r, k) => [...loadF32([...get(table), ...i32(64 + 4 * k), ADD]), ...set(r)]),
    ...repeat(ci, get(groups), [
      ...[...loadAt(at(sums), 0), ...set(s)],
      ...half(0),
      ...half(1),
      ...storeAt(at(sums), 0, get(s)),
      ...incr(off, 16),
      ...incr(dst, 128),
    ]),
  ];
  return { name: 'v8t', params: L.params, locals: L.locals, body };
}
