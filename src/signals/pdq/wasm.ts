// The hot loops of the PDQ blur as WebAssembly, assembled here from the code below (no binary, no toolchain).
// WebAssembly has native IEEE float32 arithmetic (f32.add, f32.sub, f32.mul round to float32 once, exactly
// like Math.fround of the double operation on float32 operands), whereas JavaScript pays two conversions per
// Math.fround. Same operations, in the same order, as jarosz.ts: identical bits (checked by test/pdq*.test.ts).
// Outputs f32(sum / count) are computed as f32(f64(sum) * (1 / count)) exactly as jarosz.ts explains.

type Code = number[];

function uleb(n: number): Code {
  const out: Code = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function sleb(n: number): Code {
  const out: Code = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const I32 = 0x7f;
const F32 = 0x7d;
const F64 = 0x7c;
const get = (i: number): Code => [0x20, ...uleb(i)];
const set = (i: number): Code => [0x21, ...uleb(i)];
const i32 = (v: number): Code => [0x41, ...sleb(v)];
const f32c = (v: number): Code => [0x43, ...new Uint8Array(Float32Array.of(v).buffer)];
const f64c = (v: number): Code => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)];
const ADD = 0x6a;
const SUB = 0x6b;
const SHR_S = 0x75;
const EQ = 0x46;
const F32ADD = 0x92;
const F32SUB = 0x93;
const F32MUL = 0x94;
const F32_FROM_U32 = 0xb3;
const F64_FROM_I32 = 0xb7;
const F64_FROM_F32 = 0xbb;
const F32_FROM_F64 = 0xb6;
const F64MUL = 0xa2;
const F64DIV = 0xa3;
const loadF32 = (p: Code): Code => [...p, 0x2a, 2, 0];
const loadI32 = (p: Code): Code => [...p, 0x28, 2, 0];
const loadU8 = (p: Code, off: number): Code => [...p, 0x2d, 0, ...uleb(off)];
const storeF32 = (p: Code, v: Code): Code => [...p, ...v, 0x38, 2, 0];
const incr = (i: number, by: number): Code => [...get(i), ...i32(by), ADD, ...set(i)];

/** `body` n times (n: code pushing an i32), counting down in local `ci`. */
function repeat(ci: number, n: Code, body: Code): Code {
  return [
    ...n,
    ...set(ci),
    ...[0x02, 0x40, 0x03, 0x40],
    ...get(ci),
    ...i32(0),
    0x4c, // i32.le_s
    ...[0x0d, 1], // br_if out of the block
    ...body,
    ...incr(ci, -1),
    ...[0x0c, 0], // br to loop start
    ...[0x0b, 0x0b],
  ];
}

interface Fn {
  readonly name: string;
  readonly params: number[];
  readonly locals: number[];
  readonly body: Code;
}

/** A local-index allocator for one function: params first, then locals. */
class Locals {
  readonly params: number[] = [];
  readonly locals: number[] = [];
  param(t: number): number {
    this.params.push(t);
    return this.params.length - 1;
  }
  local(t: number): number {
    this.locals.push(t);
    return this.params.length + this.locals.length - 1;
  }
}

const CR = Math.fround(0.299);
const CG = Math.fround(0.587);
const CB = Math.fround(0.114);

/** luma(rgb, n, out): n RGB byte triples → float32 luma f32(f32(f32(cR·R) + f32(cG·G)) + f32(cB·B)). */
function lumaFn(): Fn {
  const L = new Locals();
  const rgb = L.param(I32);
  const n = L.param(I32);
  const out = L.param(I32);
  const ci = L.local(I32);
  const term = (c: number, off: number): Code => [...f32c(c), ...loadU8(get(rgb), off), F32_FROM_U32, F32MUL];
  const body = repeat(ci, get(n), [
    ...storeF32(get(out), [...term(CR, 0), ...term(CG, 1), F32ADD, ...term(CB, 2), F32ADD]),
    ...incr(rgb, 3),
    ...incr(out, 4),
  ]);
  return { name: 'luma', params: L.params, locals: L.locals, body };
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
 * lengths as arguments. Full: every output, to dst (same row stride). Sampled: outputs only at the columns
 * listed in `wanted` (i32, ended by -1), row k's j-th output at kept + k·keptStride + 4j.
 */
function hFn(rows: number, sampled: boolean): Fn {
  const L = new Locals();
  const src = L.param(I32);
  const stride = L.param(I32);
  const dst = L.param(I32);
  const dstStride = L.param(I32);
  const wanted = L.param(I32);
  const [nA, nB, nC, nD] = [L.param(I32), L.param(I32), L.param(I32), L.param(I32)];
  const ci = L.local(I32);
  const r = L.local(I32);
  const l = L.local(I32);
  const o = L.local(I32);
  const cnt = L.local(I32);
  const wi = L.local(I32);
  const next = L.local(I32);
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
  let emit: Code;
  if (!sampled) {
    emit = [...each((k) => storeF32(at(o, k), outValue(x[k]!, inv))), ...incr(o, 4)];
  } else {
    const d = (k: number): Code => [...get(dst), ...get(wi), ADD, ...(k === 0 ? [] : [...get(ek[k]!), ADD])];
    emit = [
      ...[...get(o), ...get(next), EQ, 0x04, 0x40],
      ...each((k) => storeF32(d(k), outValue(x[k]!, inv))),
      ...incr(wi, 4),
      ...incr(wanted, 4),
      ...loadI32(get(wanted)),
      ...set(next),
      0x0b,
      ...incr(o, 1),
    ];
  }
  const body: Code = [
    ...get(src),
    ...set(r),
    ...get(src),
    ...set(l),
    ...(sampled ? [...loadI32(get(wanted)), ...set(next)] : [...get(dst), ...set(o)]),
    ...each((k) => [
      ...i32(k),
      ...get(stride),
      0x6c,
      ...set(sk[k]!),
      ...i32(k),
      ...get(dstStride),
      0x6c,
      ...set(ek[k]!),
    ]),
    ...repeat(ci, get(nA), [...addR, ...incr(r, 4), ...incr(cnt, 1)]),
    ...repeat(ci, get(nB), [...addR, ...incr(r, 4), ...incr(cnt, 1), ...setInv(inv, cnt), ...emit]),
    ...setInv(inv, cnt),
    ...repeat(ci, get(nC), [...addSub, ...incr(r, 4), ...incr(l, 4), ...emit]),
    ...repeat(ci, get(nD), [...subL, ...incr(l, 4), ...incr(cnt, -1), ...setInv(inv, cnt), ...emit]),
  ];
  return { name: `h${rows}${sampled ? 's' : ''}`, params: L.params, locals: L.locals, body };
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

function section(id: number, items: Code[]): Code {
  const content = [...uleb(items.length), ...items.flat()];
  return [id, ...uleb(content.length), ...content];
}

const name = (s: string): Code => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

/** The module's bytes: memory imported as e.m, one exported function per kernel. */
function assemble(fns: Fn[]): Uint8Array {
  const types = fns.map((f) => [0x60, ...uleb(f.params.length), ...f.params, 0]);
  const bodies = fns.map((f) => {
    const b = [...uleb(f.locals.length), ...f.locals.flatMap((t) => [1, t]), ...f.body, 0x0b];
    return [...uleb(b.length), ...b];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, types),
    ...section(2, [[...name('e'), ...name('m'), 0x02, 0x00, 0x01]]),
    ...section(
      3,
      fns.map((_, i) => uleb(i)),
    ),
    ...section(
      7,
      fns.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]),
    ),
    ...section(10, bodies),
  ]);
}

const KERNELS = [
  lumaFn(),
  hFn(8, false),
  hFn(1, false),
  hFn(8, true),
  hFn(1, true),
  vFn('vAdd', true, false, false),
  vFn('vAddOut', true, false, true),
  vFn('vAddSubOut', true, true, true),
  vFn('vSubOut', false, true, true),
];

/** The kernels' signatures (byte addresses in the module's memory; counts in elements). */
export interface PdqKernels {
  luma(rgb: number, n: number, out: number): void;
  h8(
    src: number,
    stride: number,
    dst: number,
    dstStride: number,
    wanted: number,
    nA: number,
    nB: number,
    nC: number,
    nD: number,
  ): void;
  h1(
    src: number,
    stride: number,
    dst: number,
    dstStride: number,
    wanted: number,
    nA: number,
    nB: number,
    nC: number,
    nD: number,
  ): void;
  h8s(
    src: number,
    stride: number,
    dst: number,
    dstStride: number,
    wanted: number,
    nA: number,
    nB: number,
    nC: number,
    nD: number,
  ): void;
  h1s(
    src: number,
    stride: number,
    dst: number,
    dstStride: number,
    wanted: number,
    nA: number,
    nB: number,
    nC: number,
    nD: number,
  ): void;
  vAdd(sb: number, rb: number, lb: number, ob: number, cols: number, inv: number): void;
  vAddOut(sb: number, rb: number, lb: number, ob: number, cols: number, inv: number): void;
  vAddSubOut(sb: number, rb: number, lb: number, ob: number, cols: number, inv: number): void;
  vSubOut(sb: number, rb: number, lb: number, ob: number, cols: number, inv: number): void;
}

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
    return { k: inst.exports as PdqKernels, memory };
  } catch {
    return null;
  }
})();

/** Where the RGB bytes of one luma block may be staged in the module's memory (set by stream.ts per image). */
export const rgbScratch = { at: 0, bytes: 0 };

/** Luma of n RGB pixels (3 bytes each, from data[p0]) into `block` when it lies in the module's memory. */
export function lumaRgbWasm(data: Uint8Array, p0: number, n: number, block: Float32Array): boolean {
  if (!WASM || block.buffer !== WASM.memory.buffer || 3 * n > rgbScratch.bytes) return false;
  new Uint8Array(WASM.memory.buffer, rgbScratch.at, 3 * n).set(data.subarray(p0, p0 + 3 * n));
  WASM.k.luma(rgbScratch.at, n, block.byteOffset);
  return true;
}
