import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  detectHashListFormat,
  hashListFormat,
  type HashListEntry,
  type HashListMeta,
} from '../src/formats/hashlists/registry.js';
import { isAppError } from '../src/domain/errors.js';

const LISTS = '../shared/standards/hash-lists';

async function* chunked(bytes: Buffer, size = 7): AsyncIterable<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function parse(
  format: string,
  bytes: Buffer,
  opts: { signalType?: string; chunk?: number } = {},
): Promise<{ entries: HashListEntry[]; meta: HashListMeta }> {
  const meta: HashListMeta = {};
  const entries: HashListEntry[] = [];
  const f = hashListFormat(format);
  for await (const e of f.parse(chunked(bytes, opts.chunk), {
    fileName: 'list',
    meta,
    ...(opts.signalType ? { signalType: opts.signalType } : {}),
  }))
    entries.push(e);
  return { entries, meta };
}

function file(p: string): Buffer {
  return readFileSync(join(LISTS, p));
}

test('VICS 2.0 hash set: MD5 and SHA1 per Media, categories with the profile scheme, flags', async () => {
  const { entries, meta } = await parse('vics', file('vics-synthetic/vics-2.0-hashset-synthetic.json'));
  assert.equal(entries.length, 10);
  assert.equal(meta['vicsVersion'], '2.0');
  assert.equal(meta['records'], 5);
  const md5s = entries.filter((e) => e.signalType === 'md5');
  assert.deepEqual(md5s.map((e) => e.value)[0], 'e6310a9f1ca792d2f7ab90e29e29f90f');
  const two = entries.find((e) => e.recordId === '2' && e.signalType === 'sha1')!;
  assert.equal(two.value, 'b56f0b12c7ec6899b325941f94293f9db65d23b7');
  assert.deepEqual([two.category, two.scheme, two.series], ['1', 'VICS-Default', 'SYNTHETIC-SERIES-A']);
  assert.equal(two.extra?.['victimIdentified'], true);
  assert.equal(two.extra?.['offenderIdentified'], false);
  const four = entries.find((e) => e.recordId === '4')!;
  assert.deepEqual([four.category, four.scheme], [null, null], 'null Category = uncategorised');
  assert.match(two.position, /^byte \d+$/);
});

test('VICS 2.0 case export and 1.3 case: Media inside cases, SHA256 from AlternativeHashes, PhotoDNA skipped', async () => {
  const v2 = await parse('vics', file('vics-synthetic/vics-2.0-case-synthetic.json'), { chunk: 13 });
  assert.deepEqual(
    v2.entries.map((e) => [e.signalType, e.value, e.category, e.scheme]),
    [
      ['md5', '5db604ab2203852195a61a1c82e58f3d', '0', 'VICS-US'],
      ['sha1', '6bbd7e64358d5c113dae4e1f928854e17333a981', '0', 'VICS-US'],
      ['sha256', 'e854bb293ecc9092bf151806db3be8557d3079aa26d87dd1ea6c5b410e57a7f9', '0', 'VICS-US'],
    ],
  );
  assert.equal(v2.meta['cases'], 1);
  const v13 = await parse('vics', file('vics-synthetic/vics-1.3-case-synthetic.json'));
  assert.deepEqual(
    v13.entries.map((e) => [e.signalType, e.value, e.recordId, e.category]),
    [
      ['md5', '77a912a954aabe39d988a0c876cfba64', '7', null],
      ['sha1', '9aba64c326c5d95ea06a57acc884a49e06d47ceb', '7', null],
    ],
  );
  assert.equal(v13.meta['vicsVersion'], '1.3');
});

test('VICS 1.2 hash set and chunking at every byte boundary give the same entries', async () => {
  const doc = Buffer.from(
    '\uFEFF' +
      JSON.stringify({
        'odata.metadata': 'http://github.com/ICMEC/ProjectVic/DataModels/1.2.xml#Media',
        value: [{ MediaID: 9, Category: 2, MD5: 'AA'.repeat(16), 'Note\\"x': 'a"}]{[' }],
      }),
  );
  const whole = await parse('vics', doc, { chunk: 1 << 20 });
  const bytewise = await parse('vics', doc, { chunk: 1 });
  assert.deepEqual(bytewise.entries, whole.entries);
  assert.deepEqual(
    whole.entries.map((e) => [e.value, e.category, e.scheme]),
    [['a'.repeat(32), '2', 'VICS-1.2']],
  );
});

test('malformed VICS fails with a byte position', async () => {
  const bad = Buffer.from(
    '{"@odata.context":"x/2.0.xml/US/$metadata#Media","value":[{"MediaID":1,"MD5":"' +
      'a'.repeat(32) +
      '"},{"MediaID":2,,}]}',
  );
  await assert.rejects(
    parse('vics', bad),
    (e) => isAppError(e, 'HASHLIST_INVALID') && /list: byte \d+: /.test(e.message),
  );
  const short = Buffer.from('{"@odata.context":"x","value":[{"MediaID":1,"MD5":"abc"}]}');
  await assert.rejects(
    parse('vics', short),
    (e) => isAppError(e, 'HASHLIST_INVALID') && /byte \d+: Media 1: MD5/.test(e.message),
  );
  const truncated = Buffer.from('{"@odata.context":"x","value":[{"MediaID":1,"MD5":"' + 'a'.repeat(32));
  await assert.rejects(
    parse('vics', truncated),
    (e) => isAppError(e, 'HASHLIST_INVALID') && /unexpected end of input/.test(e.message),
  );
});

test('HMA signal file: "<type> <hash>" lines, video_md5 compared as md5, unknown types counted', async () => {
  const { entries } = await parse('hma', file('threatexchange/file-api-sample-synthetic.txt'));
  assert.deepEqual(
    entries.map((e) => [e.signalType, e.value.slice(0, 8), e.line]),
    [
      ['pdq', '98736629', 1],
      ['pdq', 'e162474a', 2],
      ['md5', 'eb70a43e', 3],
    ],
  );
  assert.deepEqual(entries[2]!.extra, { teType: 'video_md5' });
  const other = await parse('hma', Buffer.from('url http://example.invalid\nmd5 ' + 'B'.repeat(32) + '\n'));
  assert.equal(other.entries.length, 1);
  assert.deepEqual(other.meta['skippedSignalTypes'], { url: 1 });
});

test('HMA CSV hash,indicator_id,added_on,tags: vics_cat tags become categories', async () => {
  const pdq = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
  const { entries } = await parse(
    'hma',
    Buffer.from(`${pdq},123,2020-07-31T18:47:45+0000,vics_cat_2 other\n${'c'.repeat(32)},124,,\n`),
  );
  assert.deepEqual(
    entries.map((e) => [e.signalType, e.recordId, e.category, e.scheme, e.extra?.['tags'] ?? null]),
    [
      ['pdq', '123', '2', 'VICS-tag', ['vics_cat_2', 'other']],
      ['md5', '124', null, null, null],
    ],
  );
  await assert.rejects(
    parse('hma', Buffer.from(`${pdq},1,x,\npdq ${pdq}\n`)),
    (e) => isAppError(e, 'HASHLIST_INVALID') && /list: line 2: /.test(e.message),
  );
});

test('NCMEC XML: fingerprints per image/video, classification scheme, tombstones and pdna reported', async () => {
  const { entries, meta } = await parse('ncmec', file('ncmec/ncmec-hashsharing-v2-entries-sample.xml'), {
    chunk: 50,
  });
  assert.deepEqual(
    entries.map((e) => [e.signalType, e.value, e.recordId, e.category, e.scheme]),
    [
      ['md5', 'a1'.repeat(16), 'image1', 'A1', 'NCMEC'],
      ['sha1', 'a1'.repeat(20), 'image1', 'A1', 'NCMEC'],
      ['md5', 'b1'.repeat(16), 'video1', null, null],
      ['sha1', 'b1'.repeat(20), 'video1', null, null],
    ],
  );
  assert.deepEqual(meta['skippedFingerprints'], { pdna: 1 });
  assert.deepEqual(meta['deletedIds'], ['image4', 'video4']);
  assert.equal(entries[0]!.position, 'line 4');
  await assert.rejects(
    parse('ncmec', file('ncmec/ncmec-hashsharing-v2-status-sample.xml')),
    (e) => isAppError(e, 'HASHLIST_INVALID') && /queryResult/.test(e.message),
  );
  await assert.rejects(
    parse('ncmec', Buffer.from('<queryResult><images><image><id>x</id></images>')),
    (e) => isAppError(e, 'HASHLIST_INVALID') && /line 1/.test(e.message),
  );
});

test('text lists: type by length, 64 hex needs --signal-type, mixed or invalid lines name the line', async () => {
  const needles = await parse('text', file('threatexchange/pdq-needles.txt'), { signalType: 'pdq' });
  assert.equal(needles.entries.length, 100);
  assert.ok(needles.entries.every((e) => e.signalType === 'pdq'));
  await assert.rejects(
    parse('text', file('threatexchange/pdq-needles.txt')),
    (e) => isAppError(e, 'HASHLIST_INVALID') && /line 1: 64 hex digits/.test(e.message),
  );
  const md5 = await parse(
    'text',
    Buffer.from(`# comment\r\n${'A'.repeat(32)}\r\n\r\n${'b'.repeat(32)},note\r\n`),
  );
  assert.deepEqual(
    md5.entries.map((e) => [e.signalType, e.value[0], e.line]),
    [
      ['md5', 'a', 2],
      ['md5', 'b', 4],
    ],
  );
  await assert.rejects(
    parse('text', Buffer.from(`${'a'.repeat(32)}\n${'b'.repeat(40)}\n`)),
    (e) => isAppError(e, 'HASHLIST_INVALID') && /line 2: sha1 value in a list of md5/.test(e.message),
  );
  await assert.rejects(
    parse('text', Buffer.from(`${'a'.repeat(32)}\nnot-a-hash\n`)),
    (e) => isAppError(e, 'HASHLIST_INVALID') && /list: line 2: not a hash/.test(e.message),
  );
});

test('format detection from the first bytes', () => {
  const name = (p: string): string => detectHashListFormat(file(p), p).name;
  assert.equal(name('vics-synthetic/vics-2.0-hashset-synthetic.json'), 'vics');
  assert.equal(name('vics-synthetic/vics-1.3-case-synthetic.json'), 'vics');
  assert.equal(name('ncmec/ncmec-hashsharing-v2-entries-sample.xml'), 'ncmec');
  assert.equal(name('threatexchange/file-api-sample-synthetic.txt'), 'hma');
  assert.equal(name('threatexchange/pdq-needles.txt'), 'text');
  assert.throws(
    () => detectHashListFormat(Buffer.from('hello world'), 'x.txt'),
    (e) => isAppError(e, 'HASHLIST_INVALID'),
  );
});
