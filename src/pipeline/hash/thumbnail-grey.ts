// The wellness thumbnail's pixels from PDQ's own 64x64 luma grid (ADR 0029), or from a small image's whole
// luma, in plain JavaScript: each axis
// resampled to the thumbnail's size (area average when shrinking, linear when growing), a blur close to a
// Gaussian of sigma 3 (two box passes each way), then the EXIF orientation. Deterministic.

/** An 8-bit single-channel image. */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Float luma (0–255), row-major: PDQ's 64x64 grid, or a small image's whole luma. */
export interface LumaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** Box widths whose passes approximate a Gaussian of sigma 3 (variance 4 + 4 = 8, sigma 2.83). */
const BOXES = [7, 7];

/** Resampling weights from n source samples to m outputs, flattened: output o reads source first[o] onwards
 * with weights[at[o]] .. weights[at[o + 1] - 1]. Area average when m ≤ n, linear between sample centres when
 * m > n (edges held). Memoised per (n, m): a case has few thumbnail sizes. */
function spans(n: number, m: number): Spans {
  const key = n * 65536 + m;
  let sp = memo.get(key);
  if (!sp) {
    sp = m > n ? linear(n, m) : areas(n, m);
    if (memo.size > 4096) memo.clear();
    memo.set(key, sp);
  }
  return sp;
}

interface Spans {
  readonly first: Int32Array;
  readonly at: Int32Array;
  readonly weights: Float64Array;
}
const memo = new Map<number, Spans>();

function linear(n: number, m: number): Spans {
  const first = new Int32Array(m);
  const at = new Int32Array(m + 1);
  const weights = new Float64Array(2 * m);
  let k = 0;
  for (let o = 0; o < m; o++) {
    const p = Math.min(n - 1, Math.max(0, ((o + 0.5) * n) / m - 0.5));
    const i = Math.min(n - 2, Math.floor(p));
    const f = p - i;
    first[o] = i;
    weights[k++] = 1 - f;
    weights[k++] = f;
    at[o + 1] = k;
  }
  return { first, at, weights };
}

function areas(n: number, m: number): Spans {
  const first = new Int32Array(m);
  const at = new Int32Array(m + 1);
  const weights = new Float64Array(n + 2 * m);
  const s = n / m;
  let k = 0;
  for (let o = 0; o < m; o++) {
    const a = o * s;
    const b = (o + 1) * s;
    const c0 = Math.floor(a);
    const c1 = Math.min(n, Math.ceil(b));
    for (let c = c0; c < c1; c++) weights[k++] = (Math.min(b, c + 1) - Math.max(a, c)) / s;
    first[o] = c0;
    at[o + 1] = k;
  }
  return { first, at, weights };
}

/** Float scratch buffers reused from one thumbnail to the next (grown on demand; one thumbnail at a time). */
const scratch: Float64Array[] = [];
function buffer(i: number, n: number): Float64Array {
  let b = scratch[i];
  if (!b || b.length < n) scratch[i] = b = new Float64Array(Math.max(n, 1 << 15));
  return b;
}

/** Resample each row of a W x H image to w columns (into `out`); `v` itself when w = W. */
function resizeRows(v: Float64Array, W: number, H: number, w: number, out: Float64Array): Float64Array {
  if (w === W) return v;
  const { first, at, weights } = spans(W, w);
  for (let y = 0; y < H; y++) {
    const row = y * W;
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const c0 = row + first[x]!;
      const k0 = at[x]!;
      const n = at[x + 1]! - k0;
      let s = 0;
      for (let k = 0; k < n; k++) s += weights[k0 + k]! * v[c0 + k]!;
      out[o + x] = s;
    }
  }
  return out;
}

/** Resample each column of a w x H image to h rows (into `out`); `v` itself when h = H. */
function resizeColumns(v: Float64Array, w: number, H: number, h: number, out: Float64Array): Float64Array {
  if (h === H) return v;
  out.fill(0, 0, w * h);
  const { first, at, weights } = spans(H, h);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let k = at[y]!; k < at[y + 1]!; k++) {
      const f = weights[k]!;
      const base = (first[y]! + k - at[y]!) * w;
      for (let x = 0; x < w; x++) out[o + x] = out[o + x]! + f * v[base + x]!;
    }
  }
  return out;
}

/**
 * Two odd box widths whose passes at the source's scale blur as BOXES do at the thumbnail's, for an axis grown
 * from n to m samples (variance 8 · (n/m)², the nearest of the pairs 1–7): the blur then runs on the smaller grid.
 */
function sourceBoxes(n: number, m: number): number[] {
  const want = 8 * (n / m) ** 2;
  let best = [1, 1];
  let gap = Infinity;
  for (const a of [1, 3, 5, 7]) {
    for (const b of [a, a + 2]) {
      if (b > 7) continue;
      const d = Math.abs((a * a - 1) / 12 + (b * b - 1) / 12 - want);
      if (d < gap) [best, gap] = [[a, b], d];
    }
  }
  return best;
}

/** Blur and resample the rows of a W x H image (in buffer 0) to w columns: blurred at the smaller scale. */
function rowsTo(v: Float64Array, W: number, H: number, w: number): Float64Array {
  if (w > W) {
    boxRows(v, W, H, sourceBoxes(W, w));
    return resizeRows(v, W, H, w, buffer(1, w * H));
  }
  const r = resizeRows(v, W, H, w, buffer(1, w * H));
  boxRows(r, w, H, BOXES);
  return r;
}

/** Box passes of widths `widths` down the columns of a w x h image, in place (buffer 2 as the other side). */
function blurColumns(v: Float64Array, w: number, h: number, widths: readonly number[]): void {
  const other = buffer(2, w * h);
  const sums = buffer(4, w).subarray(0, w);
  let from = v;
  for (const bw of widths) {
    const to = from === v ? other : v;
    boxColumns(from, to, sums, w, h, bw);
    from = to;
  }
  if (from !== v) v.set(from.subarray(0, w * h));
}

/** Blur and resample the columns of a w x H image to h rows: blurred at the smaller scale. */
function columnsTo(v: Float64Array, w: number, H: number, h: number): Float64Array {
  const out = buffer(v === scratch[0] ? 1 : 0, w * h);
  if (h > H) {
    blurColumns(v, w, H, sourceBoxes(H, h));
    return resizeColumns(v, w, H, h, out);
  }
  const r = resizeColumns(v, w, H, h, out);
  blurColumns(r, w, h, BOXES);
  return r;
}

/** Box passes of widths `widths` along each row of a w x h image (edges replicated), in place. */
function boxRows(v: Float64Array, w: number, h: number, widths: readonly number[]): void {
  const pad = buffer(3, w + 16);
  for (const bw of widths) {
    const r = (bw - 1) / 2;
    const inv = 1 / bw;
    for (let y = 0, at = 0; y < h; y++, at += w) {
      for (let k = 0; k < r; k++) {
        pad[k] = v[at]!;
        pad[r + w + k] = v[at + w - 1]!;
      }
      for (let i = 0; i < w; i++) pad[r + i] = v[at + i]!;
      let s = 0;
      for (let k = 0; k < bw - 1; k++) s += pad[k]!;
      for (let i = 0; i < w; i++) {
        s += pad[i + bw - 1]!;
        v[at + i] = s * inv;
        s -= pad[i]!;
      }
    }
  }
}

/** One box pass of width bw down the columns of src into dst (a sweep over rows, one running sum per column). */
function boxColumns(
  src: Float64Array,
  dst: Float64Array,
  sums: Float64Array,
  w: number,
  h: number,
  bw: number,
): void {
  const r = (bw - 1) / 2;
  const inv = 1 / bw;
  sums.fill(0);
  for (let k = -r; k < r; k++) {
    const a = (k < 0 ? 0 : k >= h ? h - 1 : k) * w;
    for (let x = 0; x < w; x++) sums[x] = sums[x]! + src[a + x]!;
  }
  for (let y = 0; y < h; y++) {
    const add = (y + r >= h ? h - 1 : y + r) * w;
    const sub = (y - r < 0 ? 0 : y - r) * w;
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const s = sums[x]! + src[add + x]!;
      dst[o + x] = s * inv;
      sums[x] = s - src[sub + x]!;
    }
  }
}

/**
 * The thumbnail of an image with EXIF `orientation` (1–8), made from a luma image of its stored pixels (PDQ's
 * grid, or the whole luma of a small image): `size` is the thumbnail's size as displayed (after orientation).
 */
export function greyThumbnail(
  grid: LumaImage,
  orientation: number,
  size: { width: number; height: number },
): GreyImage {
  const swap = orientation >= 5 && orientation <= 8;
  const sw = swap ? size.height : size.width;
  const sh = swap ? size.width : size.height;
  const { width: W, height: H, data: src } = grid;
  const input = buffer(0, W * H);
  for (let i = 0; i < W * H; i++) input[i] = src[i]!;
  const v = columnsTo(rowsTo(input, W, H, sw), sw, H, sh);
  const dw = swap ? sh : sw;
  const dh = swap ? sw : sh;
  const data = new Uint8Array(dw * dh);
  if (orientation < 2 || orientation > 8) {
    // As stored (most photos): one linear sweep.
    for (let i = 0; i < dw * dh; i++) data[i] = Math.min(255, Math.max(0, Math.round(v[i]!)));
    return { width: dw, height: dh, data };
  }
  const [base, dx, dy] = walk(orientation, sw, sh);
  for (let y = 0; y < dh; y++) {
    for (let x = 0, at = base + y * dy; x < dw; x++, at += dx) {
      data[y * dw + x] = Math.min(255, Math.max(0, Math.round(v[at]!)));
    }
  }
  return { width: dw, height: dh, data };
}

/** Where the stored pixel shown at (x, y) is, under an EXIF orientation: index base + x·dx + y·dy (stored w x h). */
function walk(orientation: number, w: number, h: number): [number, number, number] {
  const last = (h - 1) * w;
  switch (orientation) {
    case 2: // mirrored
      return [w - 1, -1, w];
    case 3: // rotated 180°
      return [last + w - 1, -1, -w];
    case 4: // flipped
      return [last, 1, -w];
    case 5: // transposed
      return [0, w, 1];
    case 6: // rotated 90° clockwise for display
      return [last, -w, 1];
    case 7: // transversed
      return [last + w - 1, -w, -1];
    case 8: // rotated 90° counter-clockwise for display
      return [w - 1, w, -1];
    default:
      return [0, 1, w];
  }
}
