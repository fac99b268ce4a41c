// vPDQ per-frame records (spec pdq.md §8.2–8.3): the reference's text format, HMA's JSON form, and pruning.
import { AppError } from '../../domain/errors.js';
import { PDQ_WORDS, pdqToWords } from '../index/mih.js';
import { hammingWords } from './words.js';

/** One hashed frame: the reference's `frameNumber,quality,pdqHex,timestampSeconds`. */
export interface VpdqFrame {
  readonly frameNumber: number;
  readonly quality: number;
  readonly hash: string;
  /** Seconds from the start: frameNumber / fps (synthetic, as the reference computes it). */
  readonly timestamp: number;
}

/** Frame size PDQ sees: the frame's own size (`native`) or scaled to 128x128 first (`128`). */
export type VpdqSize = 'native' | '128';

/** Every vPDQ size convention, default first. */
export const VPDQ_SIZES: readonly VpdqSize[] = ['native', '128'];

/** True for a known vPDQ size convention. */
export function isVpdqSize(s: string): s is VpdqSize {
  return s === 'native' || s === '128';
}

/** One line of the reference's text format (timestamp printed `%.3f`). */
export function formatVpdqFrame(f: VpdqFrame): string {
  return `${f.frameNumber},${f.quality},${f.hash},${f.timestamp.toFixed(3)}`;
}

/** The reference's text format: one line per frame, no trailing newline. */
export function formatVpdqText(frames: readonly VpdqFrame[]): string {
  return frames.map(formatVpdqFrame).join('\n');
}

const HEX64 = /^[0-9a-f]{64}$/;

function bad(where: string, what: string): AppError {
  return new AppError('SIGNAL_INVALID', `vpdq: ${where}: ${what}`);
}

function frameOf(num: string, q: string, hex: string, ts: string, where: string): VpdqFrame {
  const hash = hex.trim().toLowerCase();
  const frameNumber = Number(num);
  const quality = Number(q);
  const timestamp = Number(ts);
  if (!HEX64.test(hash)) throw bad(where, `not a 64-hex-digit PDQ hash: '${hex.slice(0, 80)}'`);
  if (!Number.isInteger(frameNumber) || frameNumber < 0) throw bad(where, `bad frame number '${num}'`);
  if (!Number.isInteger(quality) || quality < 0 || quality > 100) throw bad(where, `bad quality '${q}'`);
  if (!Number.isFinite(timestamp) || timestamp < 0) throw bad(where, `bad timestamp '${ts}'`);
  return { frameNumber, quality, hash, timestamp };
}

/** Read the reference's text format (`frame,quality,hex,timestamp` per line; blank and `#` lines skipped). */
export function parseVpdqText(text: string): VpdqFrame[] {
  const frames: VpdqFrame[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const f = line.split(',');
    if (f.length < 4)
      throw bad(`line ${i + 1}`, `expected 'frame,quality,hex,timestamp', got '${line.slice(0, 80)}'`);
    frames.push(frameOf(f[0]!, f[1]!, f[2]!, f[3]!, `line ${i + 1}`));
  });
  return frames;
}

/**
 * Read HMA/pytx's serialisation: a JSON array of `"hex,quality,timestamp"` (timestamps with 3 significant
 * digits, exponent notation allowed), or the older object keyed by frame number with {quality, hash,
 * timestamp}. Frames without a number get their position in the array.
 */
export function parseVpdqJson(text: string): VpdqFrame[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw bad('JSON', (e as Error).message);
  }
  if (Array.isArray(v)) {
    return v.map((s, i) => {
      if (typeof s !== 'string') throw bad(`frame ${i}`, 'expected a "hex,quality,timestamp" string');
      const f = s.split(',');
      if (f.length !== 3)
        throw bad(`frame ${i}`, `expected "hex,quality,timestamp", got '${s.slice(0, 80)}'`);
      return frameOf(String(i), f[1]!, f[0]!, f[2]!, `frame ${i}`);
    });
  }
  if (v && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, o]) => {
        const r = (o ?? {}) as Record<string, unknown>;
        return frameOf(k, String(r['quality']), String(r['hash']), String(r['timestamp']), `frame ${k}`);
      })
      .sort((a, b) => a.frameNumber - b.frameNumber);
  }
  throw bad('JSON', 'expected an array of frames');
}

/** Read either form: JSON when it starts with `[` or `{`, else the reference's text format. */
export function parseVpdq(value: string): VpdqFrame[] {
  const t = value.trim();
  const frames = t.startsWith('[') || t.startsWith('{') ? parseVpdqJson(t) : parseVpdqText(t);
  if (frames.length === 0) throw bad('value', 'no frames');
  return frames;
}

/** HMA/pytx's form: a JSON array of `"hex,quality,timestamp"` strings (timestamp with 3 decimals here). */
export function formatVpdqJson(frames: readonly VpdqFrame[]): string {
  return JSON.stringify(frames.map((f) => `${f.hash},${f.quality},${f.timestamp.toFixed(3)}`));
}

/**
 * Drop frames within `maxDistance` bits of the last kept frame (near-identical consecutive frames); the
 * first frame is always kept. A negative distance keeps everything.
 */
export function pruneVpdqFrames(frames: readonly VpdqFrame[], maxDistance: number): VpdqFrame[] {
  if (maxDistance < 0) return [...frames];
  const out: VpdqFrame[] = [];
  const last = new Uint32Array(PDQ_WORDS);
  const cur = new Uint32Array(PDQ_WORDS);
  for (const f of frames) {
    pdqToWords(f.hash, cur);
    if (out.length && hammingWords(last, 0, cur, 0, maxDistance + 1) <= maxDistance) continue;
    last.set(cur);
    out.push(f);
  }
  return out;
}
