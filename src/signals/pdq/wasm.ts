// The hot loops of PDQ as WebAssembly, assembled at load time from the code below and in wasm-simd.ts by the
// small encoder in wasm-asm.ts (no binary file, no toolchain). WebAssembly has native IEEE float32 arithmetic
// (f32.add, f32.sub, f32.mul round to float32 once: exactly Math.fround of the double operation on float32
// operands), whereas JavaScript pays two conversions per Math.fround. Same operations, in the same order, as
// jarosz.ts: identical bits (pdq-wasm.test.ts, test/pdq*.test.ts). Scalar kernels output f32(sum / count) as
// f32(f64(sum) * (1 / count)) (the same float32, see jarosz.ts); SIMD ones by an IEEE float32 division.

import { DCT_MATRIX } from './dct-matrix.js';
import { h8siFn } from './wasm-lanes.js';
import { h8vFn, lt8Fn, t8Fn } from './wasm-hfull.js';
import { v8tFn } from './wasm-vfull.js';
import { CB, CG, CR, dctFn, luma4Fn, qualityFn, v4Fn } from './wasm-simd.js';
import {
  ADD,
  type Code,
  F32,
  F32ADD,
  F32MUL,
  F32SUB,
  F32_FROM_F64,
  F32_FROM_U32,
  F64,
  F64DIV,
  F64MUL,
  F64_FROM_F32,
  F64_FROM_I32,
  type Fn,
  I32,
  Locals,
  MUL,
  assemble,
  f32c,
  f64c,
  get,
  i32,
  incr,
  loadF32,
  loadI32,
  loadU8,
  repeat,
  set,
  storeF32,
} from '../wasm-asm.js';

const lumaOf = (p: number): Code => {
  const term = (c: number, off: number): Code => [...f32c(c), ...loadU8(get(p), off), F32_FROM_U32, F32MUL];
  return [...term(CR, 0), ...term(CG, 1), F32ADD, ...term(CB, 2), F32ADD];
};

/** luma(rgb, n, out): n RGB byte triples → float32 luma f32(f32(f32(cR·R) + f32(cG·G)) + f32(cB·B)). */
function lumaFn(): Fn {
  const L = new Locals();
  const rgb = L.param(I32);
  const n = L.param(I32);
  const out = L.param(I32);
  const ci = L.local(I32);
  const body = repeat(ci, get(n), [...storeF32(get(out), lumaOf(rgb)), ...incr(rgb, 3), ...incr(out, 4)]);
  return { name: 'luma', params: L.params, locals: L.locals, body };
}

/** lumaGather(row, idx, n, out): the luma of the pixels at byte offsets idx[0..n-1] (i32) of a row (CLI-512). */
function lumaGatherFn(): Fn {
  const L = new Locals();
  const [row, idx, n, out] = [L.param(I32), L.param(I32), L.param(I32), L.param(I32)];
  const ci = L.local(I32);
  const p = L.local(I32);
  const body = repeat(ci, get(n), [
    ...[...get(row), ...loadI32(get(idx)), ADD, ...set(p)],
    ...storeF32(get(out), lumaOf(p)),
    ...incr(idx, 4),
    ...incr(out, 4),
  ]);
  return { name: 'lumaGather', params: L.params, locals: L.locals, body };
}

const outValue = (x: number, inv: number): Code => [
  ...get(x),
  F64_FROM_F32,
  ...get(inv),
  F64MUL,
  F32_FROM_F64,
];
const setInv = (inv: number, cnt: number): Code => [
  ...f64c(1),
  ...get(cnt),
  F64_FROM_I32,
  F64DIV,
  ...set(inv),
];

/**
 * Horizontal box pass on `rows` rows at once (interleaved float32 chains), phases A–D of spec §2.5 with their
 * lengths as arguments (byte addresses; row k of the input at src + k·stride), every output, row k at
 * dst + k·dstStride. Used for the last partial block of rows (full blocks: t8 + h8v, wasm-hfull.ts).
 */
function hFn(rows: number): Fn {
  const L = new Locals();
  const src = L.param(I32);
  const stride = L.param(I32);
  const dst = L.param(I32);
  const dstStride = L.param(I32);
  L.param(I32); // unused: the HKernel signature's `wanted`
  const [nA, nB, nC, nD] = [L.param(I32), L.param(I32), L.param(I32), L.param(I32)];
  const ci = L.local(I32);
  const r = L.local(I32);
  const l = L.local(I32);
  const o = L.local(I32);
  const cnt = L.local(I32);
  const sk = Array.from({ length: rows }, () => L.local(I32));
  const ek = Array.from({ length: rows }, () => L.local(I32));
  const x = Array.from({ length: rows }, () => L.local(F32));
  const inv = L.local(F64);
  const at = (p: number, k: number): Code => (k === 0 ? get(p) : [...get(p), ...get(sk[k]!), ADD]);
  const each = (f: (k: number) => Code): Code => Array.from({ length: rows }, (_, k) => f(k)).flat();
  const addR = each((k) => [...get(x[k]!), ...loadF32(at(r, k)), F32ADD, ...set(x[k]!)]);
  const addSub = each((k) => [
    ...get(x[k]!),
    ...loadF32(at(r, k)),
    F32ADD,
    ...loadF32(at(l, k)),
    F32SUB,
    ...set(x[k]!),
  ]);
  const subL = each((k) => [...get(x[k]!), ...loadF32(at(l, k)), F32SUB, ...set(x[k]!)]);
  const atOut = (k: number): Code => (k === 0 ? get(o) : [...get(o), ...get(ek[k]!), ADD]);
  const emit: Code = [...each((k) => storeF32(atOut(k), outValue(x[k]!, inv))), ...incr(o, 4)];
  const body: Code = [
    ...get(src),
    ...set(r),
    ...get(src),
    ...set(l),
    ...[...get(dst), ...set(o)],
    ...each((k) => [
      ...i32(k),
      ...get(stride),
      MUL,
      ...set(sk[k]!),
      ...i32(k),
      ...get(dstStride),
      MUL,
      ...set(ek[k]!),
    ]),
    ...repeat(ci, get(nA), [...addR, ...incr(r, 4), ...incr(cnt, 1)]),
    ...repeat(ci, get(nB), [...addR, ...incr(r, 4), ...incr(cnt, 1), ...setInv(inv, cnt), ...emit]),
    ...setInv(inv, cnt),
    ...repeat(ci, get(nC), [...addSub, ...incr(r, 4), ...incr(l, 4), ...emit]),
    ...repeat(ci, get(nD), [...subL, ...incr(l, 4), ...incr(cnt, -1), ...setInv(inv, cnt), ...emit]),
  ];
  return { name: `h${rows}`, params: L.params, locals: L.locals, body };
}

/** One output row of the vertical pass: column sums at sb (+ row rb, − row lb), output row at ob. */
function vFn(name: string, add: boolean, sub: boolean, out: boolean): Fn {
  const L = new Locals();
  const [sb, rb, lb, ob, cols] = [L.param(I32), L.param(I32), L.param(I32), L.param(I32), L.param(I32)];
  const inv = L.param(F64);
  const ci = L.local(I32);
  const s = L.local(F32);
  const body = repeat(ci, get(cols), [
    ...loadF32(get(sb)),
    ...(add ? [...loadF32(get(rb)), F32ADD] : []),
    ...(sub ? [...loadF32(get(lb)), F32SUB] : []),
    ...set(s),
    ...storeF32(get(sb), get(s)),
    ...(out ? storeF32(get(ob), outValue(s, inv)) : []),
    ...incr(sb, 4),
    ...incr(rb, 4),
    ...incr(lb, 4),
    ...incr(ob, 4),
  ]);
  return { name, params: L.params, locals: L.locals, body };
}

const KERNELS = [
  lumaFn(),
  lumaGatherFn(),
  hFn(1),
  vFn('vAdd', true, false, false),
  vFn('vAddOut', true, false, true),
  vFn('vAddSubOut', true, true, true),
  vFn('vSubOut', false, true, true),
  luma4Fn(),
  v4Fn('v4Add', true, false, false),
  v4Fn('v4AddOut', true, false, true),
  v4Fn('v4AddSubOut', true, true, true),
  v4Fn('v4SubOut', false, true, true),
  dctFn(),
  h8siFn(),
  t8Fn(),
  h8vFn(),
  h8siFn(2),
  lt8Fn(),
  v8tFn(),
  qualityFn(),
];

/** A horizontal kernel: byte addresses and row strides, then the lengths of phases A–D. */
type HKernel = (
  src: number,
  stride: number,
  dst: number,
  dstStride: number,
  wanted: number,
  nA: number,
  nB: number,
  nC: number,
  nD: number,
) => void;

/** A vertical kernel: sums, added row, subtracted row, output row (byte addresses), columns (or groups of 4), then 1 / count (scalar) or count (SIMD). */
type VKernel = (sb: number, rb: number, lb: number, ob: number, n: number, count: number) => void;

/** A sampled horizontal kernel (wasm-lanes.ts): lanes, output, its row stride, wanted columns, phases A–D. */
type SampledKernel = (
  src: number,
  dst: number,
  dstStride: number,
  wanted: number,
  nA: number,
  nB: number,
  nC: number,
  nD: number,
) => void;

/** The kernels' signatures (byte addresses in the module's memory; counts in elements). */
export interface PdqKernels {
  luma(rgb: number, n: number, out: number): void;
  luma4(rgb: number, groups: number, out: number): void;
  lumaGather(row: number, idx: number, n: number, out: number): void;
  h1: HKernel;
  vAdd: VKernel;
  vAddOut: VKernel;
  vAddSubOut: VKernel;
  vSubOut: VKernel;
  v4Add: VKernel;
  v4AddOut: VKernel;
  v4AddSubOut: VKernel;
  v4SubOut: VKernel;
  dct(d: number, c: number, ct: number, t: number, b: number): void;
  /** Sampled horizontal pass on an 8-row block in lanes (the layout of t8, written by v8t; wasm-lanes.ts). */
  h8si: SampledKernel;
  /** 8 row-major rows (row stride in bytes) into lanes for h8v (wasm-hfull.ts), 4·groups columns. */
  t8(src: number, stride: number, dst: number, groups: number): void;
  /** The first horizontal pass on a t8 block, every output, row k at dst + k·dstStride (wasm-hfull.ts). */
  h8v(src: number, dst: number, dstStride: number, nA: number, nB: number, nC: number, nD: number): void;
  /** h8si on two blocks at once (rows 0–7 at the first argument, 8–15 at the second), four chains. */
  h16si: (src: number, ...src2AndTheRest: Parameters<SampledKernel>) => void;
  /** t8 from 8 rows of RGB bytes (row stride in bytes), the luma computed on the way (wasm-hfull.ts). */
  lt8(rgb: number, stride: number, dst: number, groups: number): void;
  /** 8 steps of the first vertical pass, rows and counts from a table, output into lanes (wasm-vfull.ts). */
  v8t(sums: number, table: number, dst: number, groups: number): void;
  /** PDQ's quality sum of the 64x64 grid at `grid`, stored as an i32 at `out` (wasm-simd.ts). */
  quality(grid: number, mask: number, out: number): void;
}

/** Memory layout: the DCT's matrices and buffers first, then the blur's (stream-wasm.ts), from STREAM_BASE. */
const DCT_C = 0;
const DCT_CT = 4096;
const DCT_D = 8192;
const DCT_T = DCT_D + 16384;
const DCT_B = DCT_T + 4096;
/** The quality kernel's lane mask (−1, −1, −1, 0) and its result. */
const Q_MASK = DCT_B + 1024;
const Q_OUT = Q_MASK + 16;
/** First byte of the memory the streamed blur may use. */
export const STREAM_BASE = 32768;

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  Memory: new (d: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: object };
}

/** The instantiated kernels and their memory, or null where WebAssembly is unavailable (e.g. node --jitless). */
export const WASM: { readonly k: PdqKernels; readonly memory: WasmMemory } | null = (() => {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) return null;
  try {
    const memory = new api.Memory({ initial: 1 });
    const inst = new api.Instance(new api.Module(assemble(KERNELS)), { e: { m: memory } });
    const f = new Float32Array(memory.buffer);
    f.set(DCT_MATRIX, DCT_C / 4);
    for (let u = 0; u < 16; u++)
      for (let k = 0; k < 64; k++) f[DCT_CT / 4 + k * 16 + u] = DCT_MATRIX[u * 64 + k]!;
    return { k: inst.exports as PdqKernels, memory };
  } catch {
    return null;
  }
})();

/** PDQ's quality sum (before the division by 90) of a 64x64 grid, or null without WebAssembly. */
export function qualitySumWasm(grid: Float32Array): number | null {
  if (!WASM) return null;
  const I = new Int32Array(WASM.memory.buffer);
  new Float32Array(WASM.memory.buffer, DCT_D, 4096).set(grid);
  I.set([-1, -1, -1, 0], Q_MASK / 4);
  WASM.k.quality(DCT_D, Q_MASK, Q_OUT);
  return I[Q_OUT / 4]!;
}

/** The 16x16 DCT of a 64x64 grid with the WebAssembly kernel, or null without WebAssembly. */
export function dct16Wasm(grid: Float32Array): Float32Array | null {
  if (!WASM) return null;
  new Float32Array(WASM.memory.buffer, DCT_D, 4096).set(grid);
  WASM.k.dct(DCT_D, DCT_C, DCT_CT, DCT_T, DCT_B);
  return new Float32Array(WASM.memory.buffer, DCT_B, 256).slice();
}

/**
 * Where the RGB bytes of one luma block may be staged in the module's memory (16 bytes of slack after them):
 * set by stream-wasm.ts for each image, at least `want` bytes (which a filler may ask for beforehand).
 */
export const rgbScratch = { at: 0, bytes: 0, want: 0 };

/** Luma of n RGB pixels (3 bytes each, from data[p0]) into `block` when it lies in the module's memory. */
export function lumaRgbWasm(data: Uint8Array, p0: number, n: number, block: Float32Array): boolean {
  if (!WASM || block.buffer !== WASM.memory.buffer || 3 * n + 16 > rgbScratch.bytes) return false;
  new Uint8Array(WASM.memory.buffer, rgbScratch.at, 3 * n).set(data.subarray(p0, p0 + 3 * n));
  const n4 = n >> 2;
  WASM.k.luma4(rgbScratch.at, n4, block.byteOffset);
  if (n & 3) WASM.k.luma(rgbScratch.at + 12 * n4, n & 3, block.byteOffset + 16 * n4);
  return true;
}

/** Luma of the pixels at byte offsets `cols` of the row at data[rowBase] (rowLen bytes) into block[o0..]. */
export function lumaGatherWasm(
  data: Uint8Array,
  rowBase: number,
  rowLen: number,
  cols: Int32Array,
  block: Float32Array,
  o0: number,
): boolean {
  const idxBytes = 4 * cols.length;
  if (!WASM || block.buffer !== WASM.memory.buffer || idxBytes + rowLen > rgbScratch.bytes) return false;
  const at = rgbScratch.at;
  new Int32Array(WASM.memory.buffer, at, cols.length).set(cols);
  new Uint8Array(WASM.memory.buffer, at + idxBytes, rowLen).set(data.subarray(rowBase, rowBase + rowLen));
  WASM.k.lumaGather(at + idxBytes, at, cols.length, block.byteOffset + 4 * o0);
  return true;
}
