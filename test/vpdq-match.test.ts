// vPDQ matching in a case: vpdq entries of an HMA list make re-encoded / greyed copies of a known video `known`,
// a video frame matches a single-image pdq entry, a still taken from a listed video matches that entry's frame,
// an unrelated video stays `new`; thresholds are configurable; `vigie media --json` shows frames and percentages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { initCase } from '../src/app/init-case.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { hashMedia } from '../src/app/hash-media.js';
import { formatVpdqJson, parseVpdqText } from '../src/signals/vpdq/index.js';
import { runCli } from './helpers/cli.js';
import { DATABASES, databaseUrl } from './helpers/databases.js';
import { caseSql, insertMedia } from './helpers/case-session.js';

const FIX = resolve('../shared/fixtures/vpdq');
const video = (n: string): Buffer => readFileSync(join(FIX, 'videos', `${n}.mp4`));
const refFrames = (n: string) => parseVpdqText(readFileSync(join(FIX, 'hashes', `${n}.txt`), 'utf8'));
/** The reference frames at one per second (30 fps samples), as HMA hashes videos (seconds_per_hash 1). */
const perSecond = (n: string) => refFrames(n).filter((f) => f.frameNumber % 30 === 0);

async function addMedia(ctx: CaseContext, bytes: Uint8Array, kind: string, mime: string): Promise<string> {
  const stored = ctx.evidence.putBytes(bytes);
  const s = await caseSql(ctx);
  await insertMedia(s, { sha256: stored.sha256, size: stored.size, kind, mime });
  await s.close();
  return stored.sha256;
}

interface Item {
  sha256: string;
  status: string;
  vpdq?: { convention: string; frames: number };
  matches: {
    list: string;
    signalType: string;
    distance: number;
    queryPercent?: number;
    comparePercent?: number;
    frameSeconds?: number;
  }[];
}

for (const kind of DATABASES)
  test(`[${kind}] videos match vpdq list entries (80 %/80 %), frames match pdq entries and stills match video frames`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigie-vpdq-match-'));
    const dir = join(root, 'case');
    await initCase({ dir, name: 'vpdq match', database: databaseUrl(kind) });
    const ctx = await openCase(dir);
    // A still of the pattern video at 2 s, as someone would screenshot it (PNG from FFmpeg).
    const still = spawnSync(
      'ffmpeg',
      [
        '-v',
        'error',
        '-ss',
        '2',
        '-i',
        join(FIX, 'videos', 'pattern-hd-no-bar.mp4'),
        '-frames:v',
        '1',
        '-f',
        'image2pipe',
        '-vcodec',
        'png',
        '-',
      ],
      { maxBuffer: 1 << 26 },
    );
    assert.equal(still.status, 0, still.stderr.toString());
    const m = {
      orig: await addMedia(ctx, video('chair-orig-22-sd-bar'), 'video_file', 'video/mp4'),
      grey: await addMedia(ctx, video('chair-22-sd-grey-bar'), 'video_file', 'video/mp4'),
      logo: await addMedia(ctx, video('chair-22-with-large-logo-bar'), 'video_file', 'video/mp4'),
      pattern: await addMedia(ctx, video('pattern-sd-grey-bar'), 'video_file', 'video/mp4'),
      still: await addMedia(ctx, still.stdout, 'photo', 'image/png'),
    };
    await hashMedia(ctx, { workers: 2 });
    await ctx.close();

    // The list (1 frame/s): the chair-20 encode, trimmed (known video), the HD pattern video, and one chair frame as a single image.
    const chairFrame = refFrames('chair-orig-22-sd-bar')[300]!;
    const list = join(root, 'known.hma.txt');
    writeFileSync(
      list,
      [
        `vpdq ${formatVpdqJson(perSecond('chair-20-sd-bar'))}`,
        `vpdq ${formatVpdqJson(perSecond('pattern-hd-no-bar'))}`,
        `pdq ${chairFrame.hash}`,
      ].join('\n') + '\n',
    );
    const add = await runCli(['--case', dir, '--json', 'hashlist', 'add', list, '--name', 'known']);
    assert.equal(add.code, 0, add.stderr);
    const r = await runCli(['--case', dir, '--json', 'match']);
    assert.equal(r.code, 0, r.stderr);
    const stats = JSON.parse(r.stdout) as Record<string, number>;
    assert.equal(stats['vpdqEntries'], 2);
    assert.equal(stats['vpdqVideos'], 4);

    const media = await runCli(['--case', dir, '--json', 'media']);
    assert.equal(media.code, 0, media.stderr);
    const items = new Map((JSON.parse(media.stdout) as Item[]).map((i) => [i.sha256, i]));
    const of = (sha: string): Item => items.get(sha)!;
    for (const sha of [m.orig, m.grey]) {
      const it = of(sha);
      assert.equal(it.status, 'known');
      assert.deepEqual(it.vpdq, { convention: 'native', frames: 23 });
      const v = it.matches.find((x) => x.signalType === 'vpdq')!;
      assert.ok(v.queryPercent! >= 80 && v.comparePercent! >= 80, JSON.stringify(v));
      const p = it.matches.find((x) => x.signalType === 'pdq')!;
      assert.ok(p.distance <= 31 && p.frameSeconds !== undefined, JSON.stringify(p));
    }
    // The large logo covers the frame: PDQ frames move too far (the reference's hashes agree, vpdq-fixtures).
    assert.ok(!of(m.logo).matches.some((x) => x.signalType === 'vpdq'));
    // The letterboxed SD pattern copy does not match the HD original (PDQ and borders), so it is new…
    assert.equal(of(m.pattern).status, 'new');
    // …but the still taken from the HD pattern video matches that entry's frame near 2 s.
    const s = of(m.still).matches.find((x) => x.signalType === 'vpdq')!;
    assert.equal(of(m.still).status, 'known');
    assert.ok(Math.abs(s.frameSeconds! - 2) <= 0.5, JSON.stringify(s));

    // `vigie media SHA256 --json` explains a video match with its segments (seconds here ~ seconds in the list video).
    const why = await runCli(['--case', dir, '--json', 'media', m.grey]);
    assert.equal(why.code, 0, why.stderr);
    const w = (
      JSON.parse(why.stdout) as {
        why: {
          signalType: string;
          segments?: { queryStart: number; compareStart: number; frames: number }[];
        }[];
      }
    ).why;
    const segs = w.find((x) => x.signalType === 'vpdq')!.segments!;
    assert.ok(segs.length >= 1 && segs.reduce((n, g) => n + g.frames, 0) >= 18, JSON.stringify(segs));

    // Thresholds: requiring 100 % of the case video's frames drops the matches with the trimmed encode (95.65 %).
    const strict = await runCli(['--case', dir, '--json', 'match', '--vpdq-query-percent', '100']);
    assert.equal(strict.code, 0, strict.stderr);
    const after = new Map(
      (JSON.parse((await runCli(['--case', dir, '--json', 'media'])).stdout) as Item[]).map((i) => [
        i.sha256,
        i,
      ]),
    );
    assert.ok(!after.get(m.orig)!.matches.some((x) => x.signalType === 'vpdq'));
    assert.equal((await runCli(['--case', dir, 'match', '--vpdq-compare-percent', '120'])).code, 2);
  });
