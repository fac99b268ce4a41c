/** Render one benign synthetic scene (SVG shapes, gradients, text, noise) into a JPEG with sharp. */
import sharp from 'sharp';
import { Rng } from './prng.js';
import type { ImageSpec } from './model.js';

const WORDS = [
  'Lake view',
  'Sunday',
  'Garden',
  'Harbour',
  'Old town',
  'Morning',
  'Picnic',
  'Trail',
  'Market',
  'Bridge',
  'Skyline',
  'Meadow',
];
const TILE = 128;
const tiles = new Map<number, Buffer>();

async function noiseTile(level: number): Promise<Buffer> {
  let t = tiles.get(level);
  if (!t) {
    const rng = new Rng(`noise/${level}`);
    const amp = 12 + level * 13;
    const raw = Buffer.alloc(TILE * TILE * 3);
    for (let i = 0; i < TILE * TILE; i++) {
      const v = 128 + (rng.next() - 0.5) * amp;
      raw[i * 3] = v + (rng.next() - 0.5) * 20;
      raw[i * 3 + 1] = v + (rng.next() - 0.5) * 20;
      raw[i * 3 + 2] = v + (rng.next() - 0.5) * 20;
    }
    t = await sharp(raw, { raw: { width: TILE, height: TILE, channels: 3 } })
      .png()
      .toBuffer();
    tiles.set(level, t);
  }
  return t;
}

const f1 = (n: number): string => n.toFixed(1);

/** The SVG of a scene: deterministic for a seed and a size. */
export function sceneSvg(seed: string, w: number, h: number): string {
  const r = new Rng(seed);
  const hue = r.int(0, 359);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    `<defs><linearGradient id="g" x1="0" y1="0" x2="${f1(r.next())}" y2="1">`,
    `<stop offset="0" stop-color="hsl(${hue},${r.int(40, 80)}%,${r.int(55, 80)}%)"/>`,
    `<stop offset="1" stop-color="hsl(${(hue + r.int(30, 150)) % 360},${r.int(30, 70)}%,${r.int(20, 50)}%)"/></linearGradient>`,
    `<radialGradient id="s"><stop offset="0" stop-color="#fff8d0"/><stop offset="1" stop-color="#ffb040" stop-opacity="0"/></radialGradient></defs>`,
    `<rect width="${w}" height="${h}" fill="url(#g)"/>`,
    `<circle cx="${f1(r.range(0.1, 0.9) * w)}" cy="${f1(r.range(0.1, 0.4) * h)}" r="${f1(r.range(0.08, 0.2) * Math.min(w, h))}" fill="url(#s)"/>`,
  ];
  // hills
  for (let k = 0; k < r.int(1, 3); k++) {
    const base = h * r.range(0.55, 0.85);
    let d = `M0 ${h} L0 ${f1(base)}`;
    for (let x = 0; x <= w; x += w / 8) d += ` L${f1(x)} ${f1(base - r.range(0, h * 0.25))}`;
    parts.push(
      `<path d="${d} L${w} ${h} Z" fill="hsl(${r.int(80, 160)},${r.int(20, 50)}%,${r.int(15, 40)}%)" fill-opacity="${f1(r.range(0.6, 1))}"/>`,
    );
  }
  const n = r.int(10, 28);
  for (let k = 0; k < n; k++) {
    const fill = `hsl(${r.int(0, 359)},${r.int(30, 90)}%,${r.int(25, 75)}%)`;
    const op = f1(r.range(0.3, 0.95));
    const x = r.next() * w;
    const y = r.next() * h;
    const s = r.range(0.03, 0.22) * Math.min(w, h);
    const kind = r.int(0, 3);
    if (kind === 0)
      parts.push(`<circle cx="${f1(x)}" cy="${f1(y)}" r="${f1(s)}" fill="${fill}" fill-opacity="${op}"/>`);
    else if (kind === 1)
      parts.push(
        `<rect x="${f1(x)}" y="${f1(y)}" width="${f1(s * 1.6)}" height="${f1(s)}" rx="${f1(s / 6)}" fill="${fill}" fill-opacity="${op}" transform="rotate(${r.int(0, 89)} ${f1(x)} ${f1(y)})"/>`,
      );
    else if (kind === 2)
      parts.push(
        `<ellipse cx="${f1(x)}" cy="${f1(y)}" rx="${f1(s * 1.4)}" ry="${f1(s * 0.6)}" fill="${fill}" fill-opacity="${op}"/>`,
      );
    else
      parts.push(
        `<polygon points="${f1(x)},${f1(y)} ${f1(x + s)},${f1(y + s * 1.5)} ${f1(x - s)},${f1(y + s * 1.5)}" fill="${fill}" fill-opacity="${op}"/>`,
      );
  }
  const fs = Math.round(Math.min(w, h) * r.range(0.05, 0.09));
  parts.push(
    `<text x="${f1(w * r.range(0.05, 0.4))}" y="${f1(h * r.range(0.15, 0.95))}" font-family="sans-serif" font-size="${fs}" fill="white" fill-opacity="0.85">${r.pick(WORDS)} ${r.int(1, 99)}</text></svg>`,
  );
  return parts.join('');
}

async function renderBase(spec: ImageSpec): Promise<Buffer> {
  // Small images get more grain so that every file lands in Telegram's usual 50–300 KB.
  const area = (spec.width * spec.height) / (1280 * 960);
  const level = Math.max(0, Math.min(6, Math.round(spec.noise * 3 + (1 - area) * 5)));
  const tile = await noiseTile(level);
  // The scene and its grain are drawn at half size and scaled up with the nearest-neighbour kernel:
  // librsvg and the resampling are the slowest steps, and the 2x2 grain still reads as camera noise.
  // A scene too flat for a usable PDQ (quality < 50 makes Vigie ignore the hash) is drawn again.
  const hw = Math.ceil(spec.width / 2);
  const hh = Math.ceil(spec.height / 2);
  let data = Buffer.alloc(0);
  let info = { width: hw, height: hh };
  for (let attempt = 0; attempt < 4; attempt++) {
    const seed = attempt === 0 ? spec.seed : `${spec.seed}/redraw${attempt}`;
    const r = await sharp(Buffer.from(sceneSvg(seed, hw, hh)))
      .composite([{ input: tile, tile: true, blend: 'soft-light' }])
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    data = r.data;
    info = r.info;
    if ((await approxPdqQuality(data, info.width, info.height)) >= 70) break;
  }
  let img = sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
    .resize(spec.width, spec.height, { fit: 'fill', kernel: 'nearest' })
    .jpeg({ quality: spec.quality });
  if (spec.exif) {
    const e = spec.exif;
    img = img.withExif({
      IFD0: { Make: e.make, Model: e.model, DateTime: e.when },
      IFD2: { DateTimeOriginal: e.when },
      IFD3: {
        GPSLatitudeRef: e.lat >= 0 ? 'N' : 'S',
        GPSLatitude: dms(e.lat),
        GPSLongitudeRef: e.lon >= 0 ? 'E' : 'W',
        GPSLongitude: dms(e.lon),
      },
    });
  }
  return img.toBuffer();
}

/** PDQ's quality measure (pdq.md §2.7) on a plain 64x64 downsample: an estimate, used to avoid flat scenes. */
export async function approxPdqQuality(rgb: Buffer, width: number, height: number): Promise<number> {
  const g = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .greyscale()
    .resize(64, 64, { fit: 'fill' })
    .raw()
    .toBuffer();
  let sum = 0;
  for (let y = 0; y < 64; y++) {
    for (let x = 0; x < 64; x++) {
      const v = g[y * 64 + x]!;
      if (x < 63) sum += Math.trunc((Math.abs(v - g[y * 64 + x + 1]!) * 100) / 255);
      if (y < 63) sum += Math.trunc((Math.abs(v - g[(y + 1) * 64 + x]!) * 100) / 255);
    }
  }
  return Math.min(100, Math.floor(sum / 90));
}

function dms(v: number): string {
  const a = Math.abs(v);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 60 * 100);
  return `${d}/1 ${m}/1 ${s}/100`;
}

/** Render a file: an original scene, or a re-encoded / resized copy of its base. */
export async function renderJpeg(spec: ImageSpec, cache?: Map<string, Buffer>): Promise<Buffer> {
  if (!spec.base) {
    const buf = await renderBase(spec);
    cache?.set(spec.seed, buf);
    return buf;
  }
  const base = cache?.get(spec.base.seed) ?? (await renderBase(spec.base));
  cache?.set(spec.base.seed, base);
  let img = sharp(base);
  if (spec.transform === 'flop') img = img.flop();
  else if (spec.transform === 'rotate90') img = img.rotate(90);
  else if (spec.width !== spec.base.width || spec.height !== spec.base.height)
    img = img.resize(spec.width, spec.height, { fit: 'fill' });
  return img.jpeg({ quality: spec.quality }).toBuffer();
}
