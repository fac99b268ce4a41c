import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { runCli } from './helpers/cli.js';
import { caseSql } from './helpers/case-sql.js';
import { apiWorld, type ApiWorld } from './triage-api-helpers.js';
import { openCase } from '../src/app/context.js';
import { thumbnailRelPath } from '../src/pipeline/hash/thumbnail.js';

// Wellness over HTTP on one small demo case: thumbnails are small, greyscale, blurred and never the original; a
// reveal needs a reason, is audited with the person, gives a single-use URL for that person only that expires.

let dir: string;
let caseDir: string;
let w: ApiWorld;
let photos: string[];
const url = (sha: string, tail: string): string => `/api/v1/cases/case/media/${sha}/${tail}`;
const original = (sha: string): Buffer =>
  readFileSync(join(caseDir, 'evidence', sha.slice(0, 2), sha.slice(2, 4), sha));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-wellness-'));
  const demo = await runCli(['demo', '--scale', 'small', '--out', dir, '--no-serve', '--no-videos']);
  assert.equal(demo.code, 0, demo.stderr);
  caseDir = join(dir, 'case');
  const media = await runCli(['media', '--json', '--case', caseDir]);
  photos = (JSON.parse(media.stdout) as { sha256: string; kind: string }[])
    .filter((m) => m.kind === 'photo')
    .map((m) => m.sha256);
  w = await apiWorld(
    dir,
    [
      ['ana', 'analyst'],
      ['bob', 'analyst'],
      ['sue', 'supervisor'],
      ['lia', 'liaison'],
    ],
    ['case'],
  );
});

after(async () => {
  await w?.app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Greyscale pixels of an image and whether every pixel had equal channels. */
async function grey(img: Buffer, size?: { width: number; height: number }) {
  const { data, info } = await sharp(img)
    .resize(size ? { ...size, fit: 'fill' } : undefined)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const c = info.channels;
  let equal = true;
  const px = new Float64Array(info.width * info.height);
  for (let i = 0; i < px.length; i++) {
    const r = data[i * c]!;
    if (c >= 3 && (data[i * c + 1] !== r || data[i * c + 2] !== r)) equal = false;
    px[i] = c >= 3 ? (r + data[i * c + 1]! + data[i * c + 2]!) / 3 : r;
  }
  return { px, width: info.width, height: info.height, equal };
}

/** Mean absolute Laplacian (4·p − its four neighbours): high-frequency energy, near 0 once blurred. */
function energy(g: { px: Float64Array; width: number; height: number }): number {
  const at = (x: number, y: number): number => g.px[y * g.width + x]!;
  let sum = 0;
  let n = 0;
  for (let y = 1; y < g.height - 1; y++)
    for (let x = 1; x < g.width - 1; x++) {
      sum += Math.abs(4 * at(x, y) - at(x - 1, y) - at(x + 1, y) - at(x, y - 1) - at(x, y + 1));
      n++;
    }
  return sum / n;
}

test('thumbnails are small greyscale blurred JPEGs, never the original, cached privately', async () => {
  assert.ok(photos.length > 10);
  let sharpOnes = 0;
  // Thumbnails are for the people who triage media (analysts, supervisors; docs/workbench-server.md's roles).
  assert.equal((await w.call('lia', 'GET', url(photos[0]!, 'thumbnail'))).statusCode, 403);
  for (const sha of photos.slice(0, 16)) {
    const r = await w.call('ana', 'GET', url(sha, 'thumbnail'));
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.headers['content-type'], 'image/jpeg');
    assert.match(String(r.headers['cache-control']), /^private/);
    const thumb = r.rawPayload;
    assert.ok(!thumb.equals(original(sha)), `${sha}: the original`);
    const t = await grey(thumb);
    assert.ok(t.equal, `${sha}: thumbnail has colour`);
    assert.ok(Math.max(t.width, t.height) <= 640 && t.height <= 160, `${sha}: ${t.width}x${t.height}`);
    const o = await grey(original(sha), { width: t.width, height: t.height });
    if (energy(o) < 2) continue; // a smooth gradient has nothing to blur
    sharpOnes++;
    assert.ok(energy(t) < energy(o) / 3, `${sha}: energy ${energy(t)} vs original ${energy(o)}`);
  }
  assert.ok(sharpOnes >= 3, `only ${sharpOnes} detailed images`);
});

test('thumbnails are rows of the case database; an old case’s derived/ file, whatever it holds, is served greyscale and blurred', async () => {
  const sha = photos[0]!;
  const stored = await caseSql(caseDir, 'SELECT sha256, webp FROM thumbnail');
  assert.ok(stored.length >= photos.length, `${stored.length} thumbnail rows for ${photos.length} photos`);
  for (const r of stored) assert.equal((r['webp'] as Buffer).subarray(8, 12).toString(), 'WEBP');
  // An old case (before migration 13): no row, a file in derived/thumbs/.
  await caseSql(caseDir, 'DELETE FROM thumbnail WHERE sha256 = ?', sha);
  const file = join(caseDir, 'derived', thumbnailRelPath(sha));
  mkdirSync(dirname(file), { recursive: true });
  const noise = Buffer.from(Array.from({ length: 120 * 120 * 3 }, (_, i) => (i * 7919) % 251));
  await sharp(noise, { raw: { width: 120, height: 120, channels: 3 } })
    .webp({ lossless: true })
    .toFile(file);
  const r = await w.call('ana', 'GET', url(sha, 'thumbnail'));
  const t = await grey(r.rawPayload);
  const n = await grey(await sharp(file).toBuffer(), { width: t.width, height: t.height });
  assert.ok(t.equal);
  assert.ok(energy(t) < energy(n) / 4, `energy ${energy(t)} vs ${energy(n)}`);
});

test('thumbnails need a session and the case; unknown media is 404', async () => {
  assert.equal((await w.call(null, 'GET', url(photos[0]!, 'thumbnail'))).statusCode, 401);
  assert.equal((await w.call('ana', 'GET', url('0'.repeat(64), 'thumbnail'))).statusCode, 404);
  assert.equal((await w.call('ana', 'GET', url('XYZ', 'thumbnail'))).statusCode, 400);
});

test('a reveal needs a reason and the role, is audited with the person, and serves the original once', async () => {
  const sha = photos[1]!;
  for (const body of [{}, { reason: '' }, { reason: '   ' }])
    assert.equal((await w.call('ana', 'POST', url(sha, 'reveal'), body)).statusCode, 400);
  assert.equal((await w.call('lia', 'POST', url(sha, 'reveal'), { reason: 'x' })).statusCode, 403);
  const r = await w.call('ana', 'POST', url(sha, 'reveal'), { reason: 'check the background' });
  assert.equal(r.statusCode, 200, r.body);
  const { url: link, expiresAt, auditSeq } = r.json<{ url: string; expiresAt: string; auditSeq: number }>();
  assert.equal(Date.parse(expiresAt) - w.clock.now, 60_000);
  const ctx = await openCase(caseDir, { readonly: true });
  const events = await ctx.store.audit.listByCommand('media reveal').finally(() => ctx.close());
  const e = events.find((x) => x.seq === auditSeq)!;
  assert.equal(e.user, 'ana');
  assert.equal(e.subject, sha);
  assert.deepEqual(JSON.parse(e.details), { reason: 'check the background' });
  assert.equal((await w.call('bob', 'GET', link)).statusCode, 403, 'another person');
  const ok = await w.call('ana', 'GET', link);
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.rawPayload, original(sha));
  assert.equal(ok.headers['cache-control'], 'no-store');
  assert.equal(ok.headers['content-type'], 'image/jpeg');
  assert.equal((await w.call('ana', 'GET', link)).statusCode, 403, 'second use');
  const other = link.replace(sha, photos[2]!);
  assert.equal((await w.call('ana', 'GET', other)).statusCode, 403, 'token of another media');
  assert.equal((await w.call('ana', 'GET', url(sha, 'original'))).statusCode, 400, 'no token');
  assert.equal((await w.call('ana', 'GET', `${url(sha, 'original')}?token=guess`)).statusCode, 403);
});

test('a reveal URL expires', async () => {
  const sha = photos[2]!;
  const r = await w.call('bob', 'POST', url(sha, 'reveal'), { reason: 'compare with a known image' });
  w.clock.now += 60_001;
  assert.equal((await w.call('bob', 'GET', r.json<{ url: string }>().url)).statusCode, 403);
});

test("reveal counts: a person's own today, a supervisor's everyone's", async () => {
  const own = (await w.call('ana', 'GET', '/api/v1/cases/case/reveals/today')).json<{
    total: number;
    byPerson: { person: string; count: number }[];
  }>();
  assert.deepEqual(own.byPerson, [{ person: 'ana', count: 1 }]);
  const all = (await w.call('sue', 'GET', '/api/v1/cases/case/reveals/today')).json<{ total: number }>();
  assert.deepEqual(all, {
    day: new Date(w.clock.now).toISOString().slice(0, 10),
    total: 2,
    byPerson: [
      { person: 'ana', count: 1 },
      { person: 'bob', count: 1 },
    ],
  });
  assert.equal((await w.call('lia', 'GET', '/api/v1/cases/case/reveals/today')).statusCode, 403);
});
