// PDQ on decoded pixels (spec pdq.md §2): the pure algorithm, no decoder. `pipeline/hash` decodes with sharp.
import { dct16, downsampleRowsTo64, downsampleTo64, gridQuality, type LumaRowFiller } from './core.js';
import { ROW_BLOCK } from './stream.js';
import { lumaGatherWasm, lumaRgbWasm, rgbScratch } from './wasm.js';
import { dctToHex, dihedralHashes, ZERO_HASH, type DihedralSlot } from './bits.js';

export { DIHEDRAL_SLOTS, type DihedralSlot, dctToHex, dihedralDct, ZERO_HASH } from './bits.js';
export {
  pdqCoreFromLuma,
  dct16,
  gridQuality,
  downsampleTo64,
  downsampleRowsTo64,
  type PdqCore,
} from './core.js';

/** The two hashing conventions: `full` (HMA, pytx, Java: full resolution) or `cli512` (pdq-photo-hasher's squash). */
export type PdqConvention = 'full' | 'cli512';

/** Every convention, default first. */
export const PDQ_CONVENTIONS: readonly PdqConvention[] = ['full', 'cli512'];

/** True for a known convention name. */
export function isPdqConvention(s: string): s is PdqConvention {
  return s === 'full' || s === 'cli512';
}

/** 8-bit pixels as decoded: 1 = grey, 2 = grey + alpha, 3 = RGB, 4 = RGB + alpha (alpha is ignored). */
export interface PixelImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
  readonly data: Uint8Array;
}

/** A PDQ hash with its quality (0–100), and the 8 dihedral hashes when asked. */
export interface PdqHash {
  readonly hash: string;
  readonly quality: number;
  readonly dihedral?: Record<DihedralSlot, string>;
  /** With `grid`: the 64x64 blurred, decimated luma hashed (row-major, row = y); absent under 5 px. */
  readonly grid?: Float32Array;
}

const CR = Math.fround(0.299);
const CG = Math.fround(0.587);
const CB = Math.fround(0.114);
const f32 = Math.fround;
// f32(c * v) for the 256 byte values v: the same float32 products as computing them, looked up.
const TR = Float32Array.from({ length: 256 }, (_, v) => CR * v);
const TG = Float32Array.from({ length: 256 }, (_, v) => CG * v);
const TB = Float32Array.from({ length: 256 }, (_, v) => CB * v);

/** Side of the CLI-512 squash. */
export const CLI512_SIDE = 512;

/** Rows and columns PDQ works on, and a filler producing their float32 luma up to ROW_BLOCK rows at a time. */
export function lumaRows(
  img: PixelImage,
  convention: PdqConvention,
): { rows: number; cols: number; fill: LumaRowFiller } {
  const { width: W, height: H, channels: ch, data } = img;
  const grey = ch <= 2;
  if (!(convention === 'cli512' && (W > CLI512_SIDE || H > CLI512_SIDE))) {
    const fill: LumaRowFiller = grey
      ? (r0, k, block) => lumaGreyRun(data, ch, r0 * W * ch, k * W, block)
      : (r0, k, block) => {
          if (ch !== 3 || !lumaRgbWasm(data, r0 * W * 3, k * W, block)) {
            lumaRgbRun(data, ch, r0 * W * ch, k * W, block);
          }
        };
    return { rows: H, cols: W, fill: ch === 3 ? Object.assign(fill, { rgb: data }) : fill };
  }
  // CLI-512 squash (§2.2): nearest neighbour, floor(x * W / 512) per axis, in double.
  const S = CLI512_SIDE;
  const srcCol = new Int32Array(S);
  for (let x = 0; x < S; x++) srcCol[x] = Math.floor((x * W) / S) * ch;
  if (!grey) rgbScratch.want = 4 * S + W * ch; // room to stage one source row for lumaGatherWasm
  const fill: LumaRowFiller = (r0, k, block) => {
    for (let j = 0; j < k; j++) {
      const rowBase = Math.floor(((r0 + j) * H) / S) * W * ch;
      if (grey || !lumaGatherWasm(data, rowBase, W * ch, srcCol, block, j * S)) {
        lumaSampledRow(data, grey, rowBase, srcCol, block, j * S);
      }
    }
  };
  return { rows: S, cols: S, fill };
}

// Hot loops live in top-level functions taking everything as arguments (no closure-context loads).
function lumaRgbRun(data: Uint8Array, ch: number, p0: number, n: number, out: Float32Array): void {
  const tr = TR;
  const tg = TG;
  const tb = TB;
  for (let i = 0, p = p0; i < n; i++, p += ch)
    out[i] = f32(tr[data[p]!]! + tg[data[p + 1]!]!) + tb[data[p + 2]!]!;
}

function lumaGreyRun(data: Uint8Array, ch: number, p0: number, n: number, out: Float32Array): void {
  for (let i = 0, p = p0; i < n; i++, p += ch) out[i] = data[p]!;
}

function lumaSampledRow(
  data: Uint8Array,
  grey: boolean,
  rowBase: number,
  srcCol: Int32Array,
  out: Float32Array,
  o0: number,
): void {
  const n = srcCol.length;
  if (grey) {
    for (let x = 0; x < n; x++) out[o0 + x] = data[rowBase + srcCol[x]!]!;
    return;
  }
  for (let x = 0; x < n; x++) {
    const p = rowBase + srcCol[x]!;
    out[o0 + x] = f32(TR[data[p]!]! + TG[data[p + 1]!]!) + TB[data[p + 2]!]!;
  }
}

/** The whole float32 luma buffer PDQ works on (§2.2–§2.3), for inspection and tests. */
export function lumaOf(
  img: PixelImage,
  convention: PdqConvention,
): { luma: Float32Array; rows: number; cols: number } {
  const { rows, cols, fill } = lumaRows(img, convention);
  const luma = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r += ROW_BLOCK) fill(r, Math.min(ROW_BLOCK, rows - r), luma.subarray(r * cols));
  return { luma, rows, cols };
}

/**
 * PDQ hash and quality of decoded pixels under a convention; with `dihedral`, the 8 variants too; with `grid`,
 * the 64x64 luma grid it hashed (the wellness thumbnail's source, pipeline/hash/thumbnail-grey.ts).
 */
export function pdqFromPixels(
  img: PixelImage,
  opts: { convention?: PdqConvention; dihedral?: boolean; grid?: boolean } = {},
): PdqHash {
  const { rows, cols, fill } = lumaRows(img, opts.convention ?? 'full');
  if (rows < 5 || cols < 5) return finish(null, opts.dihedral ?? false);
  const grid = downsampleRowsTo64(rows, cols, fill);
  const r = finish(grid, opts.dihedral ?? false);
  return opts.grid ? { ...r, grid } : r;
}

/** PDQ hash and quality of a float32 luma buffer (consumed as scratch). */
export function pdqFromLuma(luma: Float32Array, rows: number, cols: number, dihedral = false): PdqHash {
  return finish(rows < 5 || cols < 5 ? null : downsampleTo64(luma, rows, cols), dihedral);
}

function finish(grid: Float32Array | null, dihedral: boolean): PdqHash {
  if (!grid)
    return dihedral
      ? { hash: ZERO_HASH, quality: 0, dihedral: dihedralHashes(new Float32Array(256), true) }
      : { hash: ZERO_HASH, quality: 0 };
  const dct = dct16(grid);
  const hash = dctToHex(dct);
  const quality = gridQuality(grid);
  return dihedral ? { hash, quality, dihedral: dihedralHashes(dct) } : { hash, quality };
}
