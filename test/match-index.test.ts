import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PdqIndex, bruteForceQuery, pdqToWords, wordsToPdq, type PdqHit } from '../src/signals/index/mih.js';
import { PartnerScanner, scannerKind } from '../src/signals/index/scan-wasm.js';

const DIR = '../shared/fixtures/pdq/index';
const lines = (f: string): string[] => readFileSync(`${DIR}/${f}`, 'utf8').trim().split('\n');

function pairs(needles: string[], query: (q: Uint32Array) => PdqHit[]): string[] {
  const out: string[] = [];
  needles.forEach((h, i) => {
    for (const hit of query(pdqToWords(h))) out.push(`${i + 1}\t${hit.id + 1}\t${hit.distance}`);
  });
  return out;
}

test('the index and brute force both reproduce expected-matches-d31.tsv exactly (250 pairs)', () => {
  const haystack = lines('haystack.txt');
  const needles = lines('needles.txt');
  const expected = lines('expected-matches-d31.tsv').slice(1);
  assert.equal(expected.length, 250);
  const index = PdqIndex.fromHex(haystack);
  const sorted = (x: string[]): string[] => [...x].sort();
  const viaIndex = pairs(needles, (q) => index.query(q, 31));
  const viaBrute = pairs(needles, (q) => bruteForceQuery(index.data, q, 31));
  assert.deepEqual(sorted(viaIndex), sorted(expected));
  assert.deepEqual(sorted(viaBrute), sorted(expected));
  assert.deepEqual(viaIndex, viaBrute, 'same order: distance, then insertion order');
});

test('hex round trip and result order are deterministic', () => {
  const h = lines('haystack.txt')[0]!;
  assert.equal(wordsToPdq(pdqToWords(h)), h);
  const index = PdqIndex.fromHex([h, h, h]);
  assert.deepEqual(index.query(pdqToWords(h), 0), [
    { id: 0, distance: 0 },
    { id: 1, distance: 0 },
    { id: 2, distance: 0 },
  ]);
});

test('index equals brute force on synthetic clusters at every radius 0..31 (and falls back beyond)', () => {
  let s = 0x9e3779b9;
  const rnd = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
  const n = 3000;
  const data = new Uint32Array(n * 8);
  for (let i = 0; i < n; i++) {
    if (i > 0 && rnd() % 3 === 0) {
      const src = rnd() % i;
      data.copyWithin(i * 8, src * 8, src * 8 + 8);
      const flips = rnd() % 40;
      for (let f = 0; f < flips; f++) {
        const bit = rnd() % 256;
        data[i * 8 + (bit >>> 5)]! ^= 1 << (bit & 31);
      }
    } else for (let w = 0; w < 8; w++) data[i * 8 + w] = rnd();
  }
  const index = PdqIndex.build(data);
  let total = 0;
  for (let k = 0; k < 150; k++) {
    const id = rnd() % n;
    const q = data.slice(id * 8, id * 8 + 8);
    const flips = rnd() % 34;
    for (let f = 0; f < flips; f++) {
      const bit = rnd() % 256;
      q[bit >>> 5]! ^= 1 << (bit & 31);
    }
    for (const r of [0, 1, 7, 8, 15, 16, 23, 24, 30, 31, 40]) {
      const got = index.query(q, r);
      assert.deepEqual(got, bruteForceQuery(data, q, r), `query ${k} radius ${r}`);
      total += got.length;
    }
  }
  assert.ok(total > 500, `the test exercises real hits (${total})`);
});

test('the Wasm partner scanners (SIMD and scalar) keep exactly the halves a JS loop keeps', () => {
  const pop = (x: number): number => {
    let n = 0;
    for (; x; x >>>= 1) n += x & 1;
    return n;
  };
  for (const kind of ['simd', 'scalar'] as const) {
    const scanner = new PartnerScanner(5000, 400, kind);
    let s = 12345;
    for (let i = 0; i < 5000; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      scanner.partners[i] = s >>> 16;
    }
    for (let t = 0; t < 500; t++) {
      const from = (t * 37) % 4500;
      const to = from + (t % 400);
      const query = (t * 7919) & 0xffff;
      const limit = t % 5;
      const kept = scanner.scan(from * 2, to * 2, query, limit, scanner.outByte);
      const got = Array.from(scanner.out.subarray(0, kept), (b) => b / 2);
      const want: number[] = [];
      for (let k = from; k < to; k++) if (pop(scanner.partners[k]! ^ query) <= limit) want.push(k);
      assert.deepEqual(got, want, `${kind} scan ${t}`);
    }
  }
  assert.ok(['simd', 'scalar'].includes(scannerKind()));
});
