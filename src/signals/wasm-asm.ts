// A minimal WebAssembly assembler: the binary encoding of the few instructions the PDQ kernels (pdq/wasm.ts)
// and the PDQ index scan (index/scan-wasm.ts) use.
// Reference: the WebAssembly core specification 2.0 (binary format) and its fixed-width SIMD proposal.

export type Code = number[];

export function uleb(n: number): Code {
  const out: Code = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

export function sleb(n: number): Code {
  const out: Code = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const get = (i: number): Code => [0x20, ...uleb(i)];
export const set = (i: number): Code => [0x21, ...uleb(i)];
export const i32 = (v: number): Code => [0x41, ...sleb(v)];
export const f32c = (v: number): Code => [0x43, ...new Uint8Array(Float32Array.of(v).buffer)];
export const f64c = (v: number): Code => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)];
export const ADD = 0x6a;
export const MUL = 0x6c;
export const EQ = 0x46;
export const F32ADD = 0x92;
export const F32SUB = 0x93;
export const F32MUL = 0x94;
export const F32_FROM_U32 = 0xb3;
export const F64_FROM_I32 = 0xb7;
export const F64_FROM_F32 = 0xbb;
export const F32_FROM_F64 = 0xb6;
export const F64MUL = 0xa2;
export const F64DIV = 0xa3;
export const loadF32 = (p: Code): Code => [...p, 0x2a, 2, 0];
export const loadI32 = (p: Code): Code => [...p, 0x28, 2, 0];
export const loadU8 = (p: Code, off: number): Code => [...p, 0x2d, 0, ...uleb(off)];
export const storeF32 = (p: Code, v: Code): Code => [...p, ...v, 0x38, 2, 0];
export const incr = (i: number, by: number): Code => [...get(i), ...i32(by), ADD, ...set(i)];

/** `body` n times (n: code pushing an i32), counting down in local `ci`. */
export function repeat(ci: number, n: Code, body: Code): Code {
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

export interface Fn {
  readonly name: string;
  readonly params: number[];
  readonly locals: number[];
  readonly body: Code;
}

/** A local-index allocator for one function: params first, then locals. */
export class Locals {
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

// 128-bit SIMD (4 float32 lanes; IEEE single precision per lane, like the scalar operations).
export const V128 = 0x7b;
export const simd = (op: number): Code => [0xfd, ...uleb(op)];
export const loadV = (p: Code): Code => [...p, ...simd(0x00), 0, 0];
export const storeV = (p: Code, v: Code): Code => [...p, ...v, ...simd(0x0b), 0, 0];
export const ZERO_V: Code = [...simd(0x0c), ...new Array<number>(16).fill(0)];
export const F32X4_SPLAT = simd(0x13);
export const F32X4_ADD = simd(0xe4);
export const F32X4_SUB = simd(0xe5);
export const F32X4_MUL = simd(0xe6);
export const F32X4_DIV = simd(0xe7);
// Signed conversion: the lanes hold bytes 0–255, and x86 has no unsigned one (the unsigned op is emulated).
export const F32X4_FROM_I32X4 = simd(0xfa);
export function section(id: number, items: Code[]): Code {
  const content = [...uleb(items.length), ...items.flat()];
  return [id, ...uleb(content.length), ...content];
}

export const name = (s: string): Code => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

/** The module's bytes: memory imported as e.m, one exported function per kernel. */
export function assemble(fns: Fn[]): Uint8Array {
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
