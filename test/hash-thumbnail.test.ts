// The wellness thumbnail made from PDQ's own luma rows (one decode per file) against the one made by a second
// sharp decode: same size, same orientation, same look (greyscale, blurred); PDQ's bits unchanged by the tap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { hashFile } from '../src/pipeline/hash/hash-file.js';
import { thumbnailRelPath, thumbnailSize, writeThumbnail } from '../src/pipeline/hash/thumbnail.js';
import { cryptoOfFile } from '../src/pipeline/hash/crypto-file.js';
import { decodeForPdq } from '../src/pipeline/hash/decode.js';
import { lumaReducer, pdqFromPixels, reduceFactor } from '../src/signals/pdq/index.js';
import { encodeWebpGrey } from '../src/pipeline/hash/webp-lossless.js';
import { jpegWithoutExif, readExifInfo } from '../src/pipeline/hash/exif.js';
import { cryptoOfBytes } from '../src/signals/crypto.js';

/** A benign asymmetric picture: a horizontal gradient, a bright disc in the top-left quarter, a dark bar. */
function picture(w: number, h: number): Buffer {
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const disc = (x - w / 4) ** 2 + (y - h / 4) ** 2 < (h / 6) ** 2 ? 120 : 0;
      const bar = y > (h * 3) / 4 && x > w / 2 ? -60 : 0;
      const i = (y * w + x) * 3;
      const v = Math.max(0, Math.min(255, Math.floor((x * 120) / w) + 40 + disc + bar));
      px[i] = v;
      px[i + 1] = Math.max(0, v - 30);
      px[i + 2] = Math.min(255, v + 20);
    }
  }
  return px;
}

const dir = mkdtempSync(join(tmpdir(), 'vigie-thumb-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function grey(path: string): Promise<{ width: number; height: number; data: Buffer }> {
  const { data, info } = await sharp(path).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

test('thumbnails from decoded pixels match the second-decode ones: size, orientation, look', async () => {
  const cases: { name: string; make: () => Promise<Buffer> }[] = [
    { name: 'wide.jpg', make: () => sharp(picture(1201, 633), raw(1201, 633)).jpeg().toBuffer() },
    {
      name: 'rot90.jpg',
      make: () => sharp(picture(900, 500), raw(900, 500)).withMetadata({ orientation: 6 }).jpeg().toBuffer(),
    },
    {
      name: 'mirror.jpg',
      make: () => sharp(picture(640, 480), raw(640, 480)).withMetadata({ orientation: 2 }).jpeg().toBuffer(),
    },
    { name: 'grey.png', make: () => sharp(picture(300, 419), raw(300, 419)).greyscale().png().toBuffer() },
    { name: 'small.png', make: () => sharp(picture(120, 90), raw(120, 90)).png().toBuffer() },
  ];
  for (const c of cases) {
    const path = join(dir, c.name);
    writeFileSync(path, await c.make());
    const sha = (await cryptoOfFile(path)).sha256;
    const r = await hashFile({ sha256: sha, path, convention: 'full', derivedDir: join(dir, 'new') });
    assert.equal(r.issue, null, c.name);
    assert.equal(r.thumbnail, thumbnailRelPath(sha));
    await writeThumbnail(path, sha, join(dir, 'old'), 1e9);
    const a = await grey(join(dir, 'old', thumbnailRelPath(sha)));
    const b = await grey(join(dir, 'new', thumbnailRelPath(sha)));
    assert.deepEqual([b.width, b.height], [a.width, a.height], `${c.name}: size`);
    let sum = 0;
    for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i]! - b.data[i]!);
    const mean = sum / a.data.length;
    // A wrong orientation or a colour thumbnail differs by tens of grey levels; the luma formulas by a few.
    assert.ok(mean < 10, `${c.name}: mean grey difference ${mean.toFixed(2)}`);
  }
});

function raw(width: number, height: number): { raw: { width: number; height: number; channels: 3 } } {
  return { raw: { width, height, channels: 3 } };
}

test('the luma tap leaves PDQ bit-exact and box-averages exactly', async () => {
  const path = join(dir, 'tap.png');
  writeFileSync(path, await sharp(picture(333, 211), raw(333, 211)).png().toBuffer());
  const img = await decodeForPdq(path);
  const f = reduceFactor(img.height, img.width, 40);
  const red = lumaReducer(img.height, img.width, f);
  const tapped = pdqFromPixels(img, { dihedral: true, tap: red });
  assert.deepEqual(tapped, pdqFromPixels(img, { dihedral: true }));
  const out = red.result();
  assert.deepEqual([out.width, out.height], [Math.ceil(333 / f), Math.ceil(211 / f)]);
  const luma = (x: number, y: number): number => {
    const i = (y * 333 + x) * 3;
    const f32 = Math.fround;
    return f32(
      f32(f32(f32(0.299) * img.data[i]!) + f32(f32(0.587) * img.data[i + 1]!)) +
        f32(f32(0.114) * img.data[i + 2]!),
    );
  };
  for (const [ox, oy] of [
    [0, 0],
    [out.width - 1, out.height - 1],
    [3, 2],
  ] as const) {
    let s = 0;
    let n = 0;
    for (let y = oy * f; y < Math.min(211, oy * f + f); y++)
      for (let x = ox * f; x < Math.min(333, ox * f + f); x++, n++) s += luma(x, y);
    assert.ok(Math.abs(out.data[oy * out.width + ox]! - s / n) <= 0.51, `(${ox}, ${oy})`);
  }
  assert.deepEqual(thumbnailSize(1600, 1000), { width: 160, height: 100 });
  assert.deepEqual(thumbnailSize(100, 80), { width: 100, height: 80 });
});

test('the lossless WebP encoder: libwebp decodes every pixel back, flat, noisy and smooth, odd sizes', async () => {
  const kinds = {
    flat: (): number => 77,
    noise: (i: number): number => (i * 2654435761) >>> 24,
    smooth: (i: number, w: number): number =>
      Math.round(128 + 100 * Math.sin((i % w) / 13) * Math.cos(i / w / 9)),
    two: (i: number, w: number): number => (i % w > 10 ? 200 : 3),
  };
  for (const [w, h] of [
    [1, 1],
    [2, 3],
    [160, 120],
    [97, 160],
    [160, 1],
    [33, 17],
  ] as const) {
    for (const [kind, f] of Object.entries(kinds)) {
      const data = Uint8Array.from({ length: w * h }, (_, i) => f(i, w));
      const webp = encodeWebpGrey({ width: w, height: h, data });
      const back = await sharp(webp).raw().toBuffer({ resolveWithObject: true });
      assert.deepEqual([back.info.width, back.info.height], [w, h], `${w}x${h} ${kind}`);
      const ch = back.info.channels;
      for (let i = 0; i < w * h; i++) {
        if (back.data[i * ch] !== data[i])
          assert.fail(`${w}x${h} ${kind}: pixel ${i} is ${back.data[i * ch]}, not ${data[i]}`);
      }
    }
  }
});

test('EXIF: JPEGs without an Exif segment skip the parser; those with one are still read', async () => {
  const plain = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#888' } })
    .jpeg()
    .toBuffer();
  const rotated = await sharp(plain).withMetadata({ orientation: 6 }).jpeg().toBuffer();
  const camera = await sharp(plain)
    .withExif({ IFD0: { Make: 'Acme', Model: 'X1' } })
    .jpeg()
    .toBuffer();
  assert.equal(jpegWithoutExif(plain), true);
  assert.equal(jpegWithoutExif(rotated), false);
  assert.equal(jpegWithoutExif(camera), false);
  assert.equal(jpegWithoutExif(await sharp(plain).png().toBuffer()), false);
  assert.deepEqual(await readExifInfo(plain), { facts: null, orientation: 1 });
  assert.equal((await readExifInfo(rotated)).orientation, 6);
  assert.equal((await readExifInfo(camera)).facts?.model, 'X1');
});

test('hashFile calls in flight together give the results of one at a time (the reused read buffer)', async () => {
  const files: { path: string; sha256: string }[] = [];
  for (const [i, [w, h]] of [
    [333, 211],
    [640, 480],
    [97, 160],
  ].entries()) {
    const path = join(dir, `together-${i}.png`);
    writeFileSync(path, await sharp(picture(w!, h!), raw(w!, h!)).png().toBuffer());
    files.push({ path, sha256: (await cryptoOfFile(path)).sha256 });
  }
  const job = (f: { path: string; sha256: string }, d: string): Parameters<typeof hashFile>[0] => ({
    ...f,
    convention: 'full',
    derivedDir: join(dir, d),
  });
  const alone = [];
  for (const f of files) alone.push(await hashFile(job(f, 'alone')));
  const together = await Promise.all(files.map((f) => hashFile(job(f, 'together'))));
  assert.deepEqual(together, alone);
  for (const r of alone) {
    const a = readFileSync(join(dir, 'alone', r.thumbnail!));
    assert.deepEqual(readFileSync(join(dir, 'together', r.thumbnail!)), a, r.sha256);
  }
  // cryptoOfFile reads 1 MiB blocks: a file over two blocks gives the digests of its bytes.
  const big = join(dir, 'big.bin');
  writeFileSync(big, Buffer.from(Uint8Array.from({ length: (1 << 21) + 12345 }, (_, i) => (i * 7919) >>> 3)));
  const { size, ...digests } = await cryptoOfFile(big);
  assert.equal(size, (1 << 21) + 12345);
  assert.deepEqual(digests, cryptoOfBytes(readFileSync(big)));
});
