// `vigie verify PACKAGE` on hostile packages (no case needed): a symbolic link anywhere in a bag folder (out of it,
// to a folder, a loop) is refused by name before anything is read through it; a folder or zip over the size that
// is read into memory is refused before it is expanded. Each through the built CLI: exit 2, PACKAGE_INVALID.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { runCli } from './helpers/cli.js';

/** A bag-looking folder (bagit.txt and one payload file): enough for the reader, not a valid package. */
function bagFolder(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-pkg-')), 'bag');
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'bagit.txt'), 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
  writeFileSync(join(dir, 'data', 'a.txt'), 'benign\n');
  return dir;
}

const noStack = (stderr: string): void => assert.doesNotMatch(stderr, /INTERNAL|\n\s+at /, stderr);

test('a symbolic link in a package folder is refused by name (out of the folder, to a folder, a loop)', async () => {
  for (const [name, target] of [
    ['out.txt', '/etc/hostname'],
    ['etc', '/etc'],
    ['loop', '.'],
  ] as const) {
    const dir = bagFolder();
    symlinkSync(target, join(dir, 'data', name));
    const r = await runCli(['verify', dir]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`PACKAGE_INVALID: .*bag: data/${name}: a symbolic link; a package holds regular files only`),
    );
    noStack(r.stderr);
  }
});

test('a package over $VIGIE_PACKAGE_MAX_BYTES is refused before it is read (folder and zip)', async () => {
  const dir = bagFolder();
  writeFileSync(join(dir, 'data', 'big.bin'), Buffer.alloc(5000));
  const folder = await runCli(['verify', dir], { VIGIE_PACKAGE_MAX_BYTES: '4096' });
  assert.equal(folder.code, 2, folder.stderr);
  assert.match(
    folder.stderr,
    /PACKAGE_INVALID: .*bag: holds at least \d+ bytes, over the 4096 a package is checked in/,
  );
  // A zip declaring 64 MiB of zeros (a few kB compressed): refused from the declared sizes, nothing expanded.
  const zipFile = join(dir, '..', 'bomb.zip');
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('BagIt-Version: 1.0\n'), 'bag/bagit.txt');
  zip.addBuffer(Buffer.alloc(64 * 1024 * 1024), 'bag/data/zeros.bin');
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(zipFile));
  const r = await runCli(['verify', zipFile], { VIGIE_PACKAGE_MAX_BYTES: String(1024 * 1024) });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /PACKAGE_INVALID: .*bomb\.zip: holds at least \d+ bytes, over the 1048576/);
  noStack(r.stderr);
});
