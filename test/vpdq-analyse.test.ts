// Videos in the analysis: copies matching under vPDQ (80 %/80 %) share a cluster, so the cluster's first poster
// is whoever posted any copy first; unrelated videos and images stay apart. Uses Meta's reference hashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runAnalysis } from '../src/pipeline/analyse/analyse.js';
import { videoLinks } from '../src/pipeline/analyse/video-links.js';
import { parseVpdqText } from '../src/signals/vpdq/index.js';

const FIX = resolve('../shared/fixtures/vpdq/hashes');
const frames = (n: string) => parseVpdqText(readFileSync(join(FIX, `${n}.txt`), 'utf8'));
const sha = (c: string): string => c.repeat(64);

test('videoLinks pairs the copies of a scene and nothing else', () => {
  const videos = [
    { sha256: sha('a'), frames: frames('chair-orig-22-sd-bar') },
    { sha256: sha('b'), frames: frames('chair-22-sd-grey-bar') },
    { sha256: sha('c'), frames: frames('pattern-hd-no-bar') },
    { sha256: sha('d'), frames: frames('chair-20-sd-bar') },
    { sha256: sha('e'), frames: frames('pattern-longer-no-bar') },
  ];
  assert.deepEqual(videoLinks(videos), [
    [sha('a'), sha('b')],
    [sha('a'), sha('d')],
    [sha('b'), sha('d')],
    [sha('c'), sha('e')],
  ]);
  assert.deepEqual(videoLinks(videos.slice(0, 3), { comparePercent: 100, queryPercent: 100 }), [
    [sha('a'), sha('b')],
  ]);
});

test('runAnalysis clusters matching videos and credits the earliest poster of any copy', () => {
  const occ = (s: string, author: string, t: number, id: number) => ({
    sha256: s,
    chatId: 'telegram:chat1',
    messageId: id,
    authorId: author,
    dateUtc: t,
    sourceId: 'src-1',
  });
  const r = runAnalysis({
    media: [sha('a'), sha('b'), sha('c')],
    occurrences: [
      occ(sha('a'), 'telegram:user2', 2000, 2),
      occ(sha('b'), 'telegram:user1', 1000, 1),
      occ(sha('c'), 'telegram:user3', 500, 3),
    ],
    signals: [],
    statuses: new Map([
      [sha('a'), 'known'],
      [sha('b'), 'new'],
      [sha('c'), 'new'],
    ]),
    messages: [],
    actors: [],
    names: [],
    memberships: [],
    videos: [
      { sha256: sha('a'), frames: frames('chair-orig-22-sd-bar') },
      { sha256: sha('b'), frames: frames('chair-22-sd-sepia-bar') },
      { sha256: sha('c'), frames: frames('pattern-hd-no-bar') },
    ],
  });
  const of = r.clusters.clusterOf;
  assert.equal(of.get(sha('a')), of.get(sha('b')), 'the sepia copy joins the original’s cluster');
  assert.notEqual(of.get(sha('a')), of.get(sha('c')));
  const chair = r.provenance.find((p) => p.clusterId === of.get(sha('a')))!;
  assert.equal(chair.status, 'known', 'a cluster with a known member is known');
  assert.equal(chair.originator, 'telegram:user1', 'first poster of any copy');
  assert.equal(chair.occurrences, 2);
});
