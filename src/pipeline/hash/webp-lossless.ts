// A minimal lossless WebP (VP8L) encoder for 8-bit greyscale images: the wellness thumbnails, so that the hash
// stage writes them without a sharp pipeline (a sharp call plus libwebp's lossy encoder cost more than a whole
// decode of a small photo). Format: RFC 9649 (WebP Image Format), §3 "Specification for WebP Lossless Bitstream".
//
// The stream: subtract-green transform (grey pixels become R = B = 0), predictor transform with one mode for the
// whole image (mode 12, clamp(L + T − TL), per channel), no colour cache, one prefix-code group: a Huffman code
// for the green residuals (normal code, lengths ≤ 15) and single-symbol simple codes for red, blue, alpha and
// distance, which then take no bits. With `step` > 1 the residuals are rounded to multiples of `step` (each pixel
// is then within step/2 of its value, reconstructed exactly as a decoder does): smaller files, a near-lossless
// image, invisible on a blurred thumbnail.
import type { GreyImage } from './thumbnail-grey.js';

/** Writes bits least significant first (the VP8L bit order). */
class BitWriter {
  private buf: Uint8Array;
  private pos = 0;
  private acc = 0;
  private n = 0;
  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity);
  }
  /** Append the `nb` (≤ 16) low bits of v. */
  put(v: number, nb: number): void {
    this.acc |= v << this.n;
    this.n += nb;
    while (this.n >= 8) {
      if (this.pos === this.buf.length) {
        const more = new Uint8Array(this.buf.length * 2);
        more.set(this.buf);
        this.buf = more;
      }
      this.buf[this.pos++] = this.acc & 255;
      this.acc >>>= 8;
      this.n -= 8;
    }
  }
  /**
   * Append the prefix code of every residual (`codes[r]` on `bits[r]` ≤ 15 bits, as put() would, in one tight
   * loop with the buffer sized for the worst case), then give the bytes written, the last one padded.
   */
  pixels(resid: Uint8Array, codes: Uint16Array, bits: Uint8Array): Uint8Array {
    const need = this.pos + Math.ceil((resid.length * 15 + this.n) / 8) + 8;
    if (need > this.buf.length) {
      const more = new Uint8Array(need);
      more.set(this.buf.subarray(0, this.pos));
      this.buf = more;
    }
    const buf = this.buf;
    let pos = this.pos;
    let acc = this.acc;
    let n = this.n;
    for (let i = 0; i < resid.length; i++) {
      const r = resid[i]!;
      acc |= codes[r]! << n;
      n += bits[r]!;
      while (n >= 8) {
        buf[pos++] = acc & 255;
        acc >>>= 8;
        n -= 8;
      }
    }
    this.pos = pos;
    this.acc = acc;
    this.n = n;
    return this.bytes();
  }
  /** The bytes written, the last one padded with zero bits. */
  bytes(): Uint8Array {
    if (this.n > 0) this.put(0, 8 - this.n);
    return this.buf.subarray(0, this.pos);
  }
}

/** Huffman code lengths of `counts` limited to `limit` bits (0 for unused symbols; one used symbol: length 1). */
export function huffmanLengths(counts: ArrayLike<number>, limit: number): Uint8Array {
  const n = counts.length;
  const lengths = new Uint8Array(n);
  for (let floor = 1; ; floor *= 2) {
    const used: number[] = [];
    for (let s = 0; s < n; s++) if (counts[s]! > 0) used.push(s);
    if (used.length <= 1) {
      for (const s of used) lengths[s] = 1;
      return lengths;
    }
    // Two-queue Huffman construction on leaves sorted by weight; weights under `floor` raised to it (libwebp's
    // way of meeting the length limit: flatter weights, shorter longest code).
    const w = used.map((s) => Math.max(counts[s]!, floor));
    const order = used.map((_, i) => i).sort((a, b) => w[a]! - w[b]! || used[a]! - used[b]!);
    const parent = new Int32Array(2 * used.length - 1).fill(-1);
    const weight: number[] = order.map((i) => w[i]!);
    let leaf = 0;
    let inner = used.length;
    let next = used.length;
    const take = (): number => {
      if (leaf < used.length && (inner >= next || weight[leaf]! <= weight[inner]!)) return leaf++;
      return inner++;
    };
    while (next < 2 * used.length - 1) {
      const a = take();
      const b = take();
      weight[next] = weight[a]! + weight[b]!;
      parent[a] = next;
      parent[b] = next;
      next++;
    }
    const depth = new Int32Array(next);
    for (let i = next - 2; i >= 0; i--) depth[i] = depth[parent[i]!]! + 1;
    let max = 0;
    for (let k = 0; k < used.length; k++) max = Math.max(max, depth[k]!);
    if (max > limit) continue;
    for (let k = 0; k < used.length; k++) lengths[used[order[k]!]!] = depth[k]!;
    return lengths;
  }
}

/** Canonical codes of `lengths`, bit-reversed for LSB-first writing (a lone symbol gets 0 bits, as decoders read it). */
function canonicalCodes(lengths: Uint8Array): { codes: Uint16Array; bits: Uint8Array } {
  const codes = new Uint16Array(lengths.length);
  const bits = Uint8Array.from(lengths);
  let nonzero = 0;
  for (const l of lengths) if (l) nonzero++;
  if (nonzero <= 1) return { codes, bits: bits.fill(0) };
  const count = new Uint16Array(16);
  for (const l of lengths) if (l) count[l]!++;
  const next = new Uint16Array(16);
  for (let l = 1, code = 0; l < 16; l++) {
    code = (code + count[l - 1]!) << 1;
    next[l] = code;
  }
  for (let s = 0; s < lengths.length; s++) {
    const l = lengths[s]!;
    if (!l) continue;
    let c = next[l]!++;
    let r = 0;
    for (let i = 0; i < l; i++, c >>= 1) r = (r << 1) | (c & 1);
    codes[s] = r;
  }
  return { codes, bits };
}

/** The order in which the code-length code's lengths are written (RFC 9649 §3.7.2.1.2). */
const CODE_LENGTH_ORDER = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/** A simple prefix code with one 8-bit symbol (it then takes no bits per pixel). */
function putSingle(w: BitWriter, symbol: number): void {
  w.put(1, 1); // simple code
  w.put(0, 1); // one symbol
  w.put(1, 1); // 8-bit symbol
  w.put(symbol, 8);
}

/** A normal prefix code: its code lengths, coded by a code-length code (lengths written one by one, no runs). */
function putNormal(w: BitWriter, lengths: Uint8Array): void {
  const clCounts = new Uint32Array(19);
  for (const l of lengths) clCounts[l]!++;
  const cl = huffmanLengths(clCounts, 7);
  const clCodes = canonicalCodes(cl);
  let num = 19;
  while (num > 4 && cl[CODE_LENGTH_ORDER[num - 1]!] === 0) num--;
  w.put(0, 1); // normal code
  w.put(num - 4, 4);
  for (let i = 0; i < num; i++) w.put(cl[CODE_LENGTH_ORDER[i]!]!, 3);
  w.put(0, 1); // max_symbol = the alphabet size
  for (const l of lengths) w.put(clCodes.codes[l]!, clCodes.bits[l]!);
}

/** Residuals of mode 12 (clamp(L + T − TL); left on the first row, top on the first column), with their counts. */
function losslessResiduals(
  data: Uint8Array,
  W: number,
  H: number,
  resid: Uint8Array,
  counts: Uint32Array,
): void {
  for (let y = 0, i = 0; y < H; y++) {
    for (let x = 0; x < W; x++, i++) {
      let pred: number;
      if (x === 0) pred = y === 0 ? 0 : data[i - W]!;
      else if (y === 0) pred = data[i - 1]!;
      else {
        const p = data[i - 1]! + data[i - W]! - data[i - W - 1]!;
        pred = p < 0 ? 0 : p > 255 ? 255 : p;
      }
      const d = (data[i]! - pred) & 255;
      resid[i] = d;
      counts[d]!++;
    }
  }
}

/** The same residuals rounded to multiples of `step`, predicted from the values a decoder reconstructs. */
function nearLosslessResiduals(
  data: Uint8Array,
  W: number,
  H: number,
  step: number,
  resid: Uint8Array,
  counts: Uint32Array,
): void {
  const recon = new Uint8Array(W * H);
  for (let y = 0, i = 0; y < H; y++) {
    for (let x = 0; x < W; x++, i++) {
      let pred: number;
      if (x === 0) pred = y === 0 ? 0 : recon[i - W]!;
      else if (y === 0) pred = recon[i - 1]!;
      else pred = Math.min(255, Math.max(0, recon[i - 1]! + recon[i - W]! - recon[i - W - 1]!));
      let d = Math.round((data[i]! - pred) / step) * step;
      d = Math.min(255 - pred, Math.max(-pred, d));
      recon[i] = pred + d;
      resid[i] = d & 255;
      counts[d & 255]!++;
    }
  }
}

/** Green alphabet: 256 literals + 24 length prefixes (no colour cache). */
const GREEN_ALPHABET = 280;

/** A lossless (step 1) or near-lossless (step > 1) WebP file of a greyscale image (at most 16384 px a side). */
export function encodeWebpGrey(img: GreyImage, step = 1): Uint8Array {
  const { width: W, height: H, data } = img;
  // Residuals of mode 12 on the reconstructed values, rounded to multiples of `step` when asked.
  const resid = new Uint8Array(W * H);
  const counts = new Uint32Array(GREEN_ALPHABET);
  if (step > 1) nearLosslessResiduals(data, W, H, step, resid, counts);
  else losslessResiduals(data, W, H, resid, counts);
  const w = new BitWriter(1024 + W * H);
  w.put(0x2f, 8);
  w.put(W - 1, 14);
  w.put(H - 1, 14);
  w.put(0, 1); // alpha not used
  w.put(0, 3); // version 0
  w.put(1, 1); // transform: subtract green
  w.put(2, 2);
  w.put(1, 1); // transform: predictor, 512-pixel blocks (one block), mode 12 in its 1x1 sub-image's green
  w.put(0, 2);
  w.put(9 - 2, 3);
  w.put(0, 1); // sub-image: no colour cache
  putSingle(w, 12);
  for (let k = 0; k < 4; k++) putSingle(w, 0);
  w.put(0, 1); // no more transforms
  w.put(0, 1); // main image: no colour cache
  w.put(0, 1); // no meta prefix codes
  const greenLengths = huffmanLengths(counts, 15);
  let used = 0;
  for (const c of counts) if (c) used++;
  let green: { codes: Uint16Array; bits: Uint8Array };
  if (used === 1) {
    putSingle(w, resid[0]!);
    green = { codes: new Uint16Array(GREEN_ALPHABET), bits: new Uint8Array(GREEN_ALPHABET) };
  } else {
    putNormal(w, greenLengths);
    green = canonicalCodes(greenLengths);
  }
  for (let k = 0; k < 4; k++) putSingle(w, 0); // red, blue, alpha, distance
  const vp8l = w.pixels(resid, green.codes, green.bits);
  const pad = vp8l.length & 1;
  const out = new Uint8Array(20 + vp8l.length + pad);
  const dv = new DataView(out.buffer);
  out.set([0x52, 0x49, 0x46, 0x46], 0); // RIFF
  dv.setUint32(4, 12 + vp8l.length + pad, true);
  out.set([0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x4c], 8); // WEBPVP8L
  dv.setUint32(16, vp8l.length, true);
  out.set(vp8l, 20);
  return out;
}
