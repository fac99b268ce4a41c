import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterMedia, clusterIdOf, hamming } from '../src/pipeline/analyse/clusters.js';
import { forEachNearPair } from '../src/pipeline/analyse/pdq-bands.js';
import { seededRng } from '../src/pipeline/analyse/betweenness.js';
import { hammingHex } from '../src/signals/types.js';
import { flipBits, randomPdq, sha, someBits } from './analyse-fixtures.js';

test('re-encoded copies within the threshold join their original; far, low-quality and unhashed media stay apart', () => {
  const rng = seededRng(1);
  const h = randomPdq(rng);
  const near = flipBits(h, someBits(rng, 12));
  const edge = flipBits(h, someBits(rng, 31));
  const far = flipBits(h, someBits(rng, 40));
  const [A, B, C, D, E, F] = ['a', 'b', 'c', 'd', 'e', 'f'].map(sha) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const r = clusterMedia({
    media: [A, B, C, D, E, F],
    signals: [
      { sha256: A, pdq: h, quality: 100 },
      { sha256: B, pdq: near, quality: 90 },
      { sha256: C, pdq: far, quality: 100 },
      { sha256: D, pdq: h, quality: 10 },
      { sha256: F, pdq: edge, quality: 80 },
    ],
    statuses: new Map([[B, 'known' as const]]),
  });
  assert.equal(hamming(h, edge), 31);
  assert.equal(r.clusterOf.get(A), r.clusterOf.get(B));
  assert.equal(r.clusterOf.get(A), r.clusterOf.get(F), 'distance 31 is inclusive');
  assert.notEqual(r.clusterOf.get(A), r.clusterOf.get(C));
  assert.notEqual(r.clusterOf.get(A), r.clusterOf.get(D), 'low-quality PDQ is not linked');
  assert.deepEqual(r.lowQuality, [D]);
  const abf = r.clusters.find((c) => c.id === r.clusterOf.get(A))!;
  assert.equal(abf.id, clusterIdOf([A, B, F].sort()[0]!));
  assert.equal(abf.status, 'known', 'known beats new');
  assert.deepEqual(
    abf.members.map((m) => m.sha256),
    [A, B, F].sort(),
  );
  const e = r.clusters.find((c) => c.id === r.clusterOf.get(E))!;
  assert.equal(e.status, 'unhashed');
  assert.equal(r.clusters.find((c) => c.id === r.clusterOf.get(C))!.status, 'new');
  assert.deepEqual(
    r.clusters.map((c) => c.id),
    [...r.clusters.map((c) => c.id)].sort(),
  );
});

test('cluster status order is known > ignored > new, and ids do not depend on input order', () => {
  const rng = seededRng(2);
  const h = randomPdq(rng);
  const shas = ['x', 'y', 'z'].map(sha);
  const signals = shas.map((s, i) => ({ sha256: s, pdq: flipBits(h, someBits(rng, i * 3)), quality: 100 }));
  const a = clusterMedia({ media: shas, signals, statuses: new Map([[shas[1]!, 'ignored' as const]]) });
  const b = clusterMedia({
    media: [...shas].reverse(),
    signals: [...signals].reverse(),
    statuses: new Map([[shas[1]!, 'ignored' as const]]),
  });
  assert.equal(a.clusters.length, 1);
  assert.equal(a.clusters[0]!.status, 'ignored');
  assert.deepEqual(a.clusters, b.clusters);
  const k = clusterMedia({
    media: shas,
    signals,
    statuses: new Map([
      [shas[1]!, 'ignored' as const],
      [shas[2]!, 'known' as const],
    ]),
  });
  assert.equal(k.clusters[0]!.status, 'known');
});

test('the banded index finds exactly the pairs brute force finds', () => {
  const rng = seededRng(3);
  const hashes: string[] = [];
  for (let i = 0; i < 300; i++) {
    const base = randomPdq(rng);
    hashes.push(base);
    if (i % 3 === 0) hashes.push(flipBits(base, someBits(rng, Math.floor(rng() * 45))));
  }
  for (const t of [0, 15, 31, 40]) {
    const got: string[] = [];
    forEachNearPair(hashes, t, (i, j, d) => got.push(`${i},${j},${d}`));
    const want: string[] = [];
    for (let i = 0; i < hashes.length; i++)
      for (let j = i + 1; j < hashes.length; j++) {
        const d = hammingHex(hashes[i]!, hashes[j]!);
        if (d <= t) want.push(`${i},${j},${d}`);
      }
    assert.deepEqual(got.sort(), want.sort(), `threshold ${t}`);
    if (t === 31) assert.ok(want.length > 50);
  }
});

test('clusters are transitive: a chain of close copies forms one cluster', () => {
  const rng = seededRng(4);
  const x = randomPdq(rng);
  const bits = someBits(rng, 50);
  const y = flipBits(x, bits.slice(0, 25));
  const z = flipBits(y, bits.slice(25));
  const [X, Y, Z] = ['x1', 'y1', 'z1'].map(sha) as [string, string, string];
  const r = clusterMedia({
    media: [],
    signals: [
      { sha256: X, pdq: x, quality: 100 },
      { sha256: Y, pdq: y, quality: 100 },
      { sha256: Z, pdq: z, quality: 100 },
    ],
    statuses: new Map(),
  });
  assert.equal(hamming(x, z), 50);
  assert.equal(r.clusters.length, 1);
  assert.equal(r.links, 2);
});
