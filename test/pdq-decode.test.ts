// PDQ decoding rules (spec pdq.md §2.3, §2.4, §4 item 3) on generated benign images, and bad files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { decodeForPdq } from '../src/pipeline/hash/decode.js';
import { pdqOfFile } from '../src/pipeline/hash/pdq-file.js';
import { lumaOf, pdqFromPixels, downsampleTo64, ZERO_HASH } from '../src/signals/pdq/index.js';
import { isAppError } from '../src/domain/errors.js';
import { hammingHex } from '../src/signals/types.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-pdq-'));

/** A benign RGB test picture: gradients, a checkerboard, a disc and some noise. */
function picture(w: number, h: number, seed = 1): Buffer {
  const px = Buffer.alloc(w * h * 3);
  let s = seed;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const disc = (x - w / 2) ** 2 + (y - h / 3) ** 2 < (w / 5) ** 2 ? 120 : 0;
      const block = ((Math.floor(x / (w / 6)) + Math.floor(y / (h / 4))) & 1) * 60;
      const i = (y * w + x) * 3;
      px[i] = Math.min(255, Math.floor((x * 120) / w) + disc + block);
      px[i + 1] = Math.min(255, Math.floor((y * 120) / h) + block);
      px[i + 2] = ((s >>> 24) & 0x3f) + disc;
    }
  }
  return px;
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A minimal PNG writer (8 or 16 bits per sample, grey or RGB), to control the stored samples exactly. */
function png(w: number, h: number, channels: 1 | 3, depth: 8 | 16, samples: (i: number) => number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = depth;
  ihdr[9] = channels === 1 ? 0 : 2;
  const bps = depth / 8;
  const stride = w * channels * bps;
  const raw = Buffer.alloc((stride + 1) * h);
  for (let y = 0; y < h; y++) {
    for (let i = 0; i < w * channels; i++) {
      const v = samples(y * w * channels + i);
      const o = y * (stride + 1) + 1 + i * bps;
      if (depth === 16) raw.writeUInt16BE(v, o);
      else raw[o] = v;
    }
  }
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    sig,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function write(name: string, data: Buffer | Promise<Buffer>): Promise<string> {
  const p = join(dir, name);
  writeFileSync(p, await data);
  return p;
}

const W = 300;
const H = 200;
const RGB = picture(W, H);
const rawIn = { raw: { width: W, height: H, channels: 3 as const } };

test('grey images take the one-channel path: luma is the grey value itself', async () => {
  const p = await write(
    'grey.png',
    png(W, H, 1, 8, (i) => (i * 7) % 256),
  );
  const img = await decodeForPdq(p);
  assert.equal(img.channels, 1);
  const { luma } = lumaOf(img, 'full');
  for (let i = 0; i < 256; i++) assert.equal(luma[i], (i * 7) % 256);
  // The same grey fed as RGB is a different input (float32 weights do not sum to 1 exactly).
  const asRgb = { width: W, height: H, channels: 3 as const, data: Buffer.alloc(W * H * 3) };
  img.data.forEach((v, i) => asRgb.data.fill(v, i * 3, i * 3 + 3));
  const rgbLuma = lumaOf(asRgb, 'full').luma;
  assert.ok(rgbLuma.some((v, i) => v !== luma[i]));
});

test('alpha is dropped without compositing: RGBA hashes like its RGB', async () => {
  const rgba = Buffer.alloc(W * H * 4);
  for (let i = 0; i < W * H; i++) {
    RGB.copy(rgba, i * 4, i * 3, i * 3 + 3);
    rgba[i * 4 + 3] = i % 3 === 0 ? 0 : 128;
  }
  const a = await write('rgb.png', sharp(RGB, rawIn).png().toBuffer());
  const b = await write(
    'rgba.png',
    sharp(rgba, { raw: { width: W, height: H, channels: 4 } })
      .png()
      .toBuffer(),
  );
  assert.deepEqual(await pdqOfFile(a), await pdqOfFile(b));
});

test('EXIF orientation is ignored: the stored pixel grid is hashed', async () => {
  const a = await write('plain.jpg', sharp(RGB, rawIn).jpeg({ quality: 90 }).toBuffer());
  const tagged = sharp(RGB, rawIn).withMetadata({ orientation: 6 }).jpeg({ quality: 90 });
  const b = await write('rot6.jpg', tagged.toBuffer());
  assert.equal((await sharp(b).metadata()).orientation, 6);
  const decoded = await decodeForPdq(b);
  assert.equal(decoded.width, W, 'not rotated');
  assert.deepEqual(await pdqOfFile(b), await pdqOfFile(a));
});

test('16-bit PNG (RGB and grey) is reduced to 8 bits by v >> 8', async () => {
  const sample = (i: number): number => (i * 2654435761) & 0xffff;
  for (const channels of [3, 1] as const) {
    const p = await write(`deep${channels}.png`, png(64, 48, channels, 16, sample));
    const img = await decodeForPdq(p);
    assert.equal(img.channels, channels);
    for (let i = 0; i < 64 * 48 * channels; i++) assert.equal(img.data[i], sample(i) >> 8, `sample ${i}`);
  }
});

test('CMYK JPEG decodes to RGB (lcms conversion: within the match threshold of the RGB original)', async () => {
  const p = await write('cmyk.jpg', sharp(RGB, rawIn).toColourspace('cmyk').jpeg().toBuffer());
  assert.equal((await sharp(p).metadata()).space, 'cmyk');
  const img = await decodeForPdq(p);
  assert.equal(img.channels, 3);
  const rgb = await pdqOfFile(await write('rgb-for-cmyk.jpg', sharp(RGB, rawIn).jpeg().toBuffer()));
  const cmyk = await pdqOfFile(p);
  assert.ok(hammingHex(rgb.hash, cmyk.hash) <= 31, `CMYK vs RGB: ${hammingHex(rgb.hash, cmyk.hash)} bits`);
});

test('degenerate sizes: a side under 5 px gives the zero hash and quality 0; 64x64 skips the blur', async () => {
  const tiny = { width: 4, height: 100, channels: 3 as const, data: picture(4, 100) };
  assert.deepEqual(pdqFromPixels(tiny), { hash: ZERO_HASH, quality: 0 });
  const g = {
    width: 64,
    height: 64,
    channels: 1 as const,
    data: Buffer.from(picture(64, 64).subarray(0, 4096)),
  };
  const { luma, rows, cols } = lumaOf(g, 'full');
  assert.deepEqual(Array.from(downsampleTo64(luma, rows, cols)), Array.from(g.data));
});

test('cli512 squashes by nearest neighbour only when a side exceeds 512', async () => {
  const small = { width: W, height: H, channels: 3 as const, data: RGB };
  assert.deepEqual(
    pdqFromPixels(small, { convention: 'cli512' }),
    pdqFromPixels(small, { convention: 'full' }),
  );
  const wide = { width: 1000, height: 40, channels: 3 as const, data: picture(1000, 40) };
  const { rows, cols } = lumaOf(wide, 'cli512');
  assert.equal(rows, 512);
  assert.equal(cols, 512);
});

test('bad files become AppErrors with a code, never crashes', async () => {
  const good = await sharp(RGB, rawIn).jpeg().toBuffer();
  const truncated = await write('truncated.jpg', good.subarray(0, Math.floor(good.length / 2)));
  const noise = await write('noise.jpg', Buffer.from(picture(40, 40)));
  const empty = await write('empty.png', Buffer.alloc(0));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100000, 0);
  ihdr.writeUInt32BE(100000, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const idat = chunk('IDAT', deflateSync(Buffer.alloc(1000)));
  const bomb = await write(
    'bomb.png',
    Buffer.concat([sig, chunk('IHDR', ihdr), idat, chunk('IEND', Buffer.alloc(0))]),
  );
  for (const [p, code] of [
    [truncated, 'MEDIA_UNDECODABLE'],
    [noise, 'MEDIA_UNDECODABLE'],
    [empty, 'MEDIA_UNDECODABLE'],
    [bomb, 'MEDIA_TOO_LARGE'],
  ] as const) {
    await assert.rejects(pdqOfFile(p), (e) => isAppError(e, code) && e.message.includes(p), p);
  }
  // A pixel limit below the image's size refuses it too.
  await assert.rejects(pdqOfFile(await write('ok.jpg', good), { maxPixels: 1000 }), (e) =>
    isAppError(e, 'MEDIA_TOO_LARGE'),
  );
});
