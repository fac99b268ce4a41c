// The facts vPDQ needs from an MP4/MOV file's header, read in Node (no ffprobe start-up, ~0.16 s CPU a video):
// the first video track's size, average frame rate and the movie's duration, computed as FFmpeg 5.1's mov
// demuxer does (libavformat/mov.c: avg_frame_rate = time_scale · frames / Σ stts durations, reduced).
// Anything unusual (fragmented files, no stts, huge values, not ISO-BMFF) gives null: the caller uses ffprobe.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { VideoInfo } from './video-probe.js';

const INT_MAX = 2 ** 31 - 1;
/** The moov box is read whole; larger ones (hours of video) go to ffprobe. */
const MAX_MOOV = 32 * 1024 * 1024;

interface Box {
  readonly type: string;
  /** Payload start and end (after the header). */
  readonly start: number;
  readonly end: number;
}

function children(b: Buffer, start: number, end: number): Box[] | null {
  const out: Box[] = [];
  for (let p = start; p + 8 <= end;) {
    let size = b.readUInt32BE(p);
    let head = 8;
    if (size === 1) {
      if (p + 16 > end) return null;
      size = Number(b.readBigUInt64BE(p + 8));
      head = 16;
    } else if (size === 0) size = end - p;
    if (size < head || p + size > end) return null;
    out.push({ type: b.toString('latin1', p + 4, p + 8), start: p + head, end: p + size });
    p += size;
  }
  return out;
}

const find = (boxes: Box[] | null, type: string): Box | undefined => boxes?.find((x) => x.type === type);

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The moov box's bytes, found by walking the top-level boxes (it may follow mdat); null when not ISO-BMFF. */
function readMoov(path: string): Buffer | null {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(16);
    let first = true;
    for (let p = 0; p + 8 <= size;) {
      if (readSync(fd, head, 0, 16, p) < 8) return null;
      let len = head.readUInt32BE(0);
      let hl = 8;
      const type = head.toString('latin1', 4, 8);
      if (first && !['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip'].includes(type)) return null;
      first = false;
      if (len === 1) {
        len = Number(head.readBigUInt64BE(8));
        hl = 16;
      } else if (len === 0) len = size - p;
      if (len < hl || p + len > size) return null;
      if (type === 'moov') {
        if (len > MAX_MOOV) return null;
        const moov = Buffer.alloc(len - hl);
        return readSync(fd, moov, 0, moov.length, p + hl) === moov.length ? moov : null;
      }
      p += len;
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Size, average frame rate and duration of the first video track of an MP4/MOV file, or null (use ffprobe). */
export function probeMp4(path: string): VideoInfo | null {
  let moov: Buffer | null;
  try {
    moov = readMoov(path);
  } catch {
    return null;
  }
  if (!moov) return null;
  const top = children(moov, 0, moov.length);
  if (!top || find(top, 'mvex')) return null; // fragmented: samples live in moof boxes
  const mvhd = find(top, 'mvhd');
  if (!mvhd) return null;
  const mv = mvhd.start;
  const v1 = moov[mv] === 1;
  const movieScale = moov.readUInt32BE(mv + (v1 ? 20 : 12));
  const movieDur = v1 ? Number(moov.readBigUInt64BE(mv + 24)) : moov.readUInt32BE(mv + 16);
  for (const trak of top.filter((b) => b.type === 'trak')) {
    const mdia = find(children(moov, trak.start, trak.end), 'mdia');
    if (!mdia) continue;
    const m = children(moov, mdia.start, mdia.end);
    const hdlr = find(m, 'hdlr');
    if (!hdlr || moov.toString('latin1', hdlr.start + 8, hdlr.start + 12) !== 'vide') continue;
    // The first video track decides: anything we cannot read in it sends the file to ffprobe.
    return videoTrack(moov, m, movieScale, movieDur);
  }
  return null;
}

function videoTrack(
  moov: Buffer,
  mdia: Box[] | null,
  movieScale: number,
  movieDur: number,
): VideoInfo | null {
  const mdhd = find(mdia, 'mdhd');
  const minf = find(mdia, 'minf');
  if (!mdhd || !minf) return null;
  const timeScale = moov.readUInt32BE(mdhd.start + (moov[mdhd.start] === 1 ? 20 : 12));
  const stbl = find(children(moov, minf.start, minf.end), 'stbl');
  if (!stbl || timeScale <= 0) return null;
  const s = children(moov, stbl.start, stbl.end);
  const stsd = find(s, 'stsd');
  const stts = find(s, 'stts');
  if (!stsd || !stts || moov.readUInt32BE(stsd.start + 4) < 1) return null;
  // First sample entry (8-byte box header after version/flags and count): VisualSampleEntry width, height.
  const e = stsd.start + 8;
  const width = moov.readUInt16BE(e + 8 + 24);
  const height = moov.readUInt16BE(e + 8 + 26);
  const entries = moov.readUInt32BE(stts.start + 4);
  if (entries < 1 || stts.start + 8 + 8 * entries > stts.end) return null;
  // mov_read_stts (FFmpeg 5.1): a last single sample of outsized duration counts as an average one.
  let duration = 0;
  let total = 0;
  for (let i = 0; i < entries; i++) {
    const count = moov.readUInt32BE(stts.start + 8 + 8 * i);
    let d = moov.readInt32BE(stts.start + 12 + 8 * i);
    if (d < 0) return null; // negative durations: FFmpeg versions differ, leave it to ffprobe
    if (
      i + 1 === entries &&
      i &&
      count === 1 &&
      total > 100 &&
      Math.trunc(d / 10) > Math.trunc(duration / total)
    )
      d = Math.trunc(duration / total);
    duration += d * count;
    total += count;
  }
  if (!(duration > 0 && total > 0 && width > 0 && height > 0)) return null;
  let num = timeScale * total;
  let den = duration;
  if (!Number.isSafeInteger(num)) return null;
  const g = gcd(num, den);
  num /= g;
  den /= g;
  if (num > INT_MAX || den > INT_MAX) return null; // av_reduce would approximate: leave it to ffprobe
  return { width, height, fps: num / den, duration: movieScale > 0 ? movieDur / movieScale : null };
}
