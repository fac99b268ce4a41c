// `vigie pdq` (built CLI) against Meta's expected outputs, in pdq-photo-hasher's `hex,quality,path` form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from './helpers/cli.js';
import { hammingHex } from '../src/signals/types.js';

const FIX = resolve('../shared/fixtures/pdq');
/** The documented decoder difference (spec pdq.md §4 item 3): sharp's lcms CMYK conversion vs ImageMagick's. */
const CMYK = 'misc-images/modes/CMYK.jpg';
const CMYK_BITS = { full: 6, cli512: 10 } as const;

function tsv(name: string): string[][] {
  return readFileSync(join(FIX, name), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'));
}

for (const [file, convention] of [
  ['expected-fullres.tsv', 'full'],
  ['expected.tsv', 'cli512'],
] as const) {
  test(`vigie pdq --pdq-convention ${convention} reproduces ${file}`, async () => {
    const rows = tsv(file);
    const files = rows.map((r) => join(FIX, r[0]!));
    const r = await runCli(['pdq', '--pdq-convention', convention, ...files]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, rows.length);
    lines.forEach((line, i) => {
      const [hex, q, path] = line.split(',');
      const [name, expHex, expQ] = rows[i]!;
      assert.equal(path, files[i]);
      assert.equal(q, expQ, `${name}: quality`);
      assert.equal(hammingHex(hex!, expHex!), name === CMYK ? CMYK_BITS[convention] : 0, name);
    });
  });
}

test('vigie pdq defaults to full resolution', async () => {
  const [name, hex, q] = tsv('expected-fullres.tsv').find((r) => r[0] === 'bridge-mods/shrink-a-little.jpg')!;
  const r = await runCli(['pdq', join(FIX, name!)]);
  assert.equal(r.stdout, `${hex},${q},${join(FIX, name!)}\n`);
});

test('vigie pdq --dihedral prints the 8 hashes, quality and path like --pdqdih-across', async () => {
  const rows = tsv('expected-dihedral.tsv').filter((row) => row[0] !== CMYK);
  const files = rows.map((row) => join(FIX, row[0]!));
  const r = await runCli(['pdq', '--dihedral', '--pdq-convention', 'cli512', ...files]);
  assert.equal(r.code, 0, r.stderr);
  const expected = rows.map(([, q, ...hashes], i) => `${hashes.join(',')},${q},${files[i]}`);
  assert.deepEqual(r.stdout.trim().split('\n'), expected);
});

test('vigie pdq: unreadable files are per-item issues (exit 3), the others are still hashed', async () => {
  const good = join(FIX, 'misc-images/wee.jpg');
  const r = await runCli(['pdq', '/nonexistent/x.jpg', join(FIX, 'SOURCE.md'), good]);
  assert.equal(r.code, 3);
  assert.match(r.stdout, /^6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d,100,/);
  assert.match(r.stderr, /FILE_NOT_FOUND: .*x\.jpg/);
  assert.match(r.stderr, /MEDIA_UNDECODABLE: .*SOURCE\.md/);
  const bad = await runCli(['pdq', '--pdq-convention', 'huge', good]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^USAGE: /);
});

test('vigie pdq --json', async () => {
  const r = await runCli(['--json', 'pdq', join(FIX, 'misc-images/wee.jpg')]);
  const out = JSON.parse(r.stdout) as { lines: { hash: string; quality: number; convention: string }[] };
  assert.equal(out.lines[0]?.convention, 'full');
  assert.equal(out.lines[0]?.quality, 100);
});
