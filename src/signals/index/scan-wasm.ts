// The hot path of the PDQ index in WebAssembly: scan a bucket of 16-bit partner halves and keep the positions
// within `limit` bits of the query's half (Wasm SIMD, 8 halves per step; scalar popcnt fallback). Hand-assembled
// below so that no toolchain or binary file is needed; test/match-index.test.ts checks both against plain JS.

import { simd, uleb } from '../wasm-asm.js';

/** Signature of the exported function: positions are byte offsets into the memory; returns how many were kept. */
export type ScanFn = (from: number, to: number, query: number, limit: number, out: number) => number;

const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
const name = (s: string): number[] => [s.length, ...[...s].map((c) => c.charCodeAt(0))];
const [I32, V128, GET, SET, CONST] = [0x7f, 0x7b, 0x20, 0x21, 0x41];
/** `if popcnt(load16_u(p) ^ query) <= limit { store32(out + kept * 4, p); kept++ }` for the pointer in local `p`. */
const keepIfClose = (p: number): number[] => [
  ...[GET, p, 0x2f, 1, 0, GET, 2, 0x73, 0x69, GET, 3, 0x4d, 0x04, 0x40],
  ...[GET, 4, GET, 5, CONST, 2, 0x74, 0x6a, GET, p, 0x36, 2, 0, GET, 5, CONST, 1, 0x6a, SET, 5, 0x0b],
];
/** `while from < to { keepIfClose(from); from += 2 }` */
const scalarLoop = [
  ...[0x02, 0x40, 0x03, 0x40, GET, 0, GET, 1, 0x4f, 0x0d, 1],
  ...keepIfClose(0),
  ...[GET, 0, CONST, 2, 0x6a, SET, 0, 0x0c, 0, 0x0b, 0x0b],
];
// params: 0 from, 1 to, 2 query, 3 limit, 4 out; locals: 5 kept (i32), 6 query × 8, 7 limit × 8 (v128), 8 p (i32)
const SCALAR_BODY = [1, 1, I32, ...scalarLoop, GET, 5, 0x0b];
const SIMD_BODY = [
  ...[3, 1, I32, 2, V128, 1, I32],
  ...[GET, 2, ...simd(0x10), SET, 6, GET, 3, ...simd(0x10), SET, 7], // i16x8.splat
  ...[0x02, 0x40, 0x03, 0x40, GET, 0, CONST, 16, 0x6a, GET, 1, 0x4b, 0x0d, 1], // while from + 16 <= to
  // any lane of i16x8.le_u(extadd_pairwise_u(i8x16.popcnt(v128.load(from) ^ query8)), limit8)?
  ...[
    GET,
    0,
    ...simd(0x00),
    0,
    0,
    GET,
    6,
    ...simd(0x51),
    ...simd(0x62),
    ...simd(0x7d),
    GET,
    7,
    ...simd(0x34),
  ],
  ...[...simd(0x53), 0x04, 0x40, GET, 0, SET, 8], // v128.any_true: check the 8 lanes one by one
  ...[0x02, 0x40, 0x03, 0x40, GET, 8, GET, 0, CONST, 16, 0x6a, 0x4f, 0x0d, 1],
  ...keepIfClose(8),
  ...[GET, 8, CONST, 2, 0x6a, SET, 8, 0x0c, 0, 0x0b, 0x0b, 0x0b],
  ...[GET, 0, CONST, 16, 0x6a, SET, 0, 0x0c, 0, 0x0b, 0x0b], // from += 16
  ...scalarLoop, // the tail
  ...[GET, 5, 0x0b],
];
const moduleOf = (body: number[]): Uint8Array =>
  new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 5, I32, I32, I32, I32, I32, 1, I32]),
    ...section(2, [1, ...name('env'), ...name('mem'), 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('scan'), 0x00, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);

/** The slice of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    m: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
}
const WASM = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
let compiled: object | null = null;

/** The SIMD scanner (8 halves per step), or the scalar one where Wasm SIMD is unavailable. */
function compile(): object {
  try {
    return new WASM.Module(moduleOf(SIMD_BODY));
  } catch {
    return new WASM.Module(moduleOf(SCALAR_BODY));
  }
}

/** Which scanner runs here (for the bench report). */
export function scannerKind(): 'simd' | 'scalar' {
  try {
    new WASM.Module(moduleOf(SIMD_BODY));
    return 'simd';
  } catch {
    return 'scalar';
  }
}

/** Wasm memory holding the partner halves (from byte 0) and an output area for one bucket, plus the scanner. */
export class PartnerScanner {
  readonly partners: Uint16Array;
  readonly out: Uint32Array;
  readonly outByte: number;
  readonly scan: ScanFn;

  constructor(entries: number, maxBucket: number, kind?: 'simd' | 'scalar') {
    this.outByte = (entries * 2 + 15) & ~15;
    const bytes = this.outByte + (maxBucket + 1) * 4;
    const memory = new WASM.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
    compiled ??= compile();
    const module =
      kind === undefined ? compiled : new WASM.Module(moduleOf(kind === 'simd' ? SIMD_BODY : SCALAR_BODY));
    const instance = new WASM.Instance(module, { env: { mem: memory } });
    this.scan = instance.exports['scan'] as ScanFn;
    this.partners = new Uint16Array(memory.buffer, 0, entries);
    this.out = new Uint32Array(memory.buffer, this.outByte, maxBucket + 1);
  }
}
