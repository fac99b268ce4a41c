// `vigie vpdq` (built CLI): the reference's text format at 1 frame/s and every frame, --compare with its
// segments, hash-file round trips (reference text and HMA JSON), and unreadable videos as per-item issues.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from './helpers/cli.js';
import {
  compareVpdq,
  formatVpdqJson,
  parseVpdq,
  parseVpdqText,
  pruneVpdqFrames,
} from '../src/signals/vpdq/index.js';

const FIX = resolve('../shared/fixtures/vpdq');
const VIDEO = join(FIX, 'videos', 'pattern-sd-grey-bar.mp4');
const REF = join(FIX, 'hashes', 'pattern-sd-grey-bar.txt');

test('vigie vpdq prints one reference line per second, with the reference frame numbers and timestamps', async () => {
  const r = await runCli(['vpdq', VIDEO]);
  assert.equal(r.code, 0, r.stderr);
  const got = parseVpdqText(r.stdout);
  const ref = parseVpdqText(readFileSync(REF, 'utf8'));
  assert.deepEqual(
    got.map((f) => f.frameNumber),
    ref.filter((f) => f.frameNumber % 30 === 0).map((f) => f.frameNumber),
  );
  assert.match(r.stdout.split('\n')[1]!, /^30,\d+,[0-9a-f]{64},1\.000$/);
});

test('vigie vpdq --every-frame --compare against the reference file: 100 %/100 %, one segment', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-vpdq-'));
  const r = await runCli(['vpdq', '--every-frame', VIDEO]);
  assert.equal(r.code, 0, r.stderr);
  writeFileSync(join(dir, 'ours.txt'), r.stdout);
  const c = await runCli(['--json', 'vpdq', '--compare', join(dir, 'ours.txt'), REF]);
  assert.equal(c.code, 0, c.stderr);
  const j = JSON.parse(c.stdout) as { comparisons: ReturnType<typeof compareVpdq>[] };
  const [cmp] = j.comparisons;
  assert.ok(cmp?.isMatch);
  assert.equal(cmp.queryPercent, 100);
  assert.equal(cmp.comparePercent, 100);
  assert.equal(cmp.segments.length, 1);
});

test('an unreadable video is a per-item issue with FFmpeg’s message; the other files still print', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-vpdq-'));
  const bad = join(dir, 'broken.mp4');
  writeFileSync(bad, Buffer.from('not a video at all, just text'));
  const r = await runCli(['vpdq', bad, VIDEO, join(dir, 'absent.mp4')]);
  assert.equal(r.code, 3);
  assert.match(r.stderr, /MEDIA_UNDECODABLE: .*broken\.mp4: ffprobe: .*(Invalid data|moov atom)/);
  assert.doesNotMatch(r.stderr, / @ 0x/);
  assert.match(r.stderr, /FILE_NOT_FOUND: .*absent\.mp4/);
  assert.match(r.stdout, new RegExp(`^# ${VIDEO}\n0,`));
});

test('bad options are usage errors (exit 2)', async () => {
  assert.equal((await runCli(['vpdq', '--size', '64', VIDEO])).code, 2);
  assert.equal((await runCli(['vpdq', '--seconds-per-hash', '-1', VIDEO])).code, 2);
});

test('HMA JSON (3 significant digits, exponent timestamps) and the old keyed form parse; pruning keeps the first', () => {
  const hex = 'e271017837246aaccddea259648fb7d62f435c89d9e99b2497763e216c8d055c';
  const frames = parseVpdq(JSON.stringify([`${hex},100,0.0`, `${hex.toUpperCase()},90,1.23e+02`]));
  assert.deepEqual(frames[1], { frameNumber: 1, quality: 90, hash: hex, timestamp: 123 });
  const keyed = parseVpdq(JSON.stringify({ 7: { quality: 80, hash: hex, timestamp: 0.233 } }));
  assert.equal(keyed[0]?.frameNumber, 7);
  assert.deepEqual(parseVpdq(formatVpdqJson(frames)), frames);
  assert.equal(pruneVpdqFrames(frames, 0).length, 1);
  assert.throws(() => parseVpdq('[]'), /no frames/);
  assert.throws(() => parseVpdq('0,100,zz,0.0'), /SIGNAL_INVALID|not a 64-hex/);
  assert.throws(() => parseVpdq(`0,101,${hex},0.0`), /bad quality/);
});

test('compareVpdq: quality floor, de-duplication, thresholds on both sides', () => {
  const a = 'f'.repeat(64);
  const b = '0'.repeat(64);
  const near = 'f'.repeat(56) + '0'.repeat(8); // 32 bits from a: just over the distance
  const f = (hash: string, quality: number, t: number) => ({ frameNumber: t, quality, hash, timestamp: t });
  const q = [f(a, 100, 0), f(a, 100, 1), f(b, 100, 2), f(b, 10, 3)];
  assert.deepEqual(compareVpdq(q, [f(a, 100, 5)]), {
    queryPercent: 50,
    comparePercent: 100,
    queryFrames: 2,
    compareFrames: 1,
    isMatch: false,
    segments: [{ queryStart: 0, queryEnd: 0, compareStart: 5, compareEnd: 5, frames: 1 }],
  });
  assert.ok(compareVpdq(q, [f(a, 100, 5)], { queryPercent: 50 }).isMatch);
  assert.equal(compareVpdq([f(a, 100, 0)], [f(near, 100, 0)]).queryPercent, 0);
  assert.equal(compareVpdq([f(a, 100, 0)], [f(near, 100, 0)], { maxDistance: 32 }).queryPercent, 100);
  assert.equal(compareVpdq([f(a, 10, 0)], [f(a, 10, 0)]).isMatch, false);
});
