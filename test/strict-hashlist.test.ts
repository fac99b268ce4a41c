import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAppError } from '../src/domain/errors.js';
import { hashListFormat } from '../src/formats/hashlists/registry.js';
import { runCli } from './helpers/cli.js';
import { caseDigest, evidenceFiles } from './helpers/case-digest.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'vigie-strict-hl-'));
const CTX = 'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Media';
const md5 = (i: number): string => i.toString(16).padStart(32, '0');
const vics = (value: unknown): string => JSON.stringify({ '@odata.context': CTX, value });
const media = (n: number): unknown[] =>
  Array.from({ length: n }, (_, i) => ({ MediaID: i + 1, Category: 1, MD5: md5(i + 1) }));

async function parse(format: string, text: string | Buffer): Promise<number> {
  let n = 0;
  async function* one(): AsyncIterable<Buffer> {
    yield Buffer.from(text);
  }
  for await (const _ of hashListFormat(format).parse(one(), { fileName: 'list' })) n++;
  return n;
}

async function refused(format: string, text: string, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(parse(format, text), (e) => {
    assert.ok(isAppError(e), String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    return true;
  });
}

test('a VICS file whose value is not a list is refused and leaves the 424-entry list as it was', async () => {
  const dir = tmp();
  const c = join(dir, 'case');
  assert.equal((await runCli(['init', c])).code, 0);
  const full = join(dir, 'full.json');
  writeFileSync(full, vics(media(424)));
  assert.equal((await runCli(['--case', c, 'hashlist', 'add', full, '--name', 'vic'])).code, 0);
  const before = caseDigest(c);
  const stored = evidenceFiles(c);
  for (const [i, body] of [
    vics({ '0': { MediaID: 1, MD5: md5(1) } }),
    vics('nothing'),
    vics([]),
    JSON.stringify({ '@odata.context': CTX }),
  ].entries()) {
    const f = join(dir, `bad${i}.json`);
    writeFileSync(f, body);
    const r = await runCli(['--case', c, 'hashlist', 'add', f, '--name', 'vic']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`HASHLIST_INVALID: bad${i}\\.json: byte \\d+: `));
    assert.equal(caseDigest(c), before, `bad${i}.json changed the case`);
  }
  assert.deepEqual(evidenceFiles(c), stored, 'a refused list is not kept as evidence');
});

test('replacing a list by one with fewer than half its entries needs --replace and states both counts', async () => {
  const dir = tmp();
  const c = join(dir, 'case');
  assert.equal((await runCli(['init', c])).code, 0);
  const full = join(dir, 'full.json');
  const small = join(dir, 'small.json');
  const most = join(dir, 'most.json');
  writeFileSync(full, vics(media(424)));
  writeFileSync(small, vics(media(10)));
  writeFileSync(most, vics(media(300)));
  assert.equal((await runCli(['--case', c, 'hashlist', 'add', full, '--name', 'vic'])).code, 0);
  const before = caseDigest(c);
  const r = await runCli(['--case', c, 'hashlist', 'add', small, '--name', 'vic']);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /HASHLIST_SHRINK: small\.json: list 'vic' has 424 entries and this file 10 .*--replace/,
  );
  assert.equal(caseDigest(c), before);
  const ok = await runCli(['--case', c, '--json', 'hashlist', 'add', small, '--name', 'vic', '--replace']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).entries, 10);
  const grow = await runCli(['--case', c, '--json', 'hashlist', 'add', most, '--name', 'vic']);
  assert.equal(grow.code, 0, grow.stderr);
  const back = await runCli(['--case', c, '--json', 'hashlist', 'add', full, '--name', 'vic']);
  assert.equal(back.code, 0, back.stderr);
});

test('VICS: wrong types, out-of-range categories and deep nesting are errors with their byte offset', async () => {
  const rec = (extra: Record<string, unknown>): string =>
    vics([
      { MediaID: 1, Category: 1, MD5: md5(1) },
      { MediaID: 2, MD5: md5(2), ...extra },
    ]);
  await refused(
    'vics',
    rec({ Category: 9 }),
    'HASHLIST_INVALID',
    /byte \d+: Media 2: category '9' is out of range for VICS-US \(0 to 4\)/,
  );
  await refused('vics', rec({ Category: 1.5e300 }), 'HASHLIST_INVALID', /Media 2: Category: /);
  await refused('vics', rec({ Category: 'severe' }), 'HASHLIST_INVALID', /Media 2: Category: /);
  await refused('vics', rec({ MD5: 12 }), 'HASHLIST_INVALID', /Media 2: MD5: /);
  await refused('vics', rec({ MediaSize: -1 }), 'HASHLIST_INVALID', /Media 2: MediaSize: /);
  await refused(
    'vics',
    rec({ VictimIdentified: 'maybe' }),
    'HASHLIST_INVALID',
    /Media 2: VictimIdentified: /,
  );
  await refused('vics', rec({ AlternativeHashes: 'x' }), 'HASHLIST_INVALID', /Media 2: AlternativeHashes: /);
  await refused(
    'vics',
    vics([1, 2]),
    'HASHLIST_INVALID',
    /byte \d+: value\[0\] is a number, boolean or null, expected an object/,
  );
  await refused(
    'vics',
    vics([{ Media: {} }]),
    'HASHLIST_INVALID',
    /value\[0\]\.Media is an object, expected a list/,
  );
  const deep = `{"@odata.context":"${CTX}","value":[{"MediaID":1,"MD5":"${md5(1)}","x":${'['.repeat(100000)}${']'.repeat(100000)}}]}`;
  await refused('vics', deep, 'INPUT_TOO_DEEP', /byte \d+: nested deeper than 256 levels/);
  const deepTop = `{"@odata.context":"${CTX}","z":${'{"a":'.repeat(100000)}1${'}'.repeat(100000)}}`;
  await refused('vics', deepTop, 'INPUT_TOO_DEEP', /nested deeper than 256 levels/);
  assert.equal(await parse('vics', rec({ Category: '3', VictimIdentified: 'TRUE' })), 2);
});

test('HMA, NCMEC and text: out-of-range categories and empty payloads are refused', async () => {
  await refused(
    'hma',
    `${'a'.repeat(64)},1,2024-01-01,vics_cat_7\n`,
    'HASHLIST_INVALID',
    /line 1: category '7' is out of range for VICS-tag \(0 to 5\)/,
  );
  assert.equal(await parse('hma', `${'a'.repeat(64)},1,2024-01-01,vics_cat_2\n`), 1);
  const xml = (cls: string): string =>
    `<?xml version="1.0"?><queryResult><images><image><id>1</id><classification>${cls}</classification><fingerprints><md5>${md5(1)}</md5></fingerprints></image></images></queryResult>`;
  await refused(
    'ncmec',
    xml('Z9'),
    'HASHLIST_INVALID',
    /line 1: image 1: classification 'Z9' is not one of A1, A2, B1, B2/,
  );
  assert.equal(await parse('ncmec', xml('B2')), 1);
  const dir = tmp();
  const c = join(dir, 'case');
  assert.equal((await runCli(['init', c])).code, 0);
  const before = caseDigest(c);
  const empty = join(dir, 'empty.txt');
  writeFileSync(empty, '# only a comment\n\n');
  const r = await runCli(['--case', c, 'hashlist', 'add', empty, '--name', 'e', '--format', 'text']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /HASHLIST_INVALID: empty\.txt: no usable entry/);
  assert.equal(caseDigest(c), before);
});
