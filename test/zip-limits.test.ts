// Zip exports: entries are read from the archive only when a message references them; the limits (total expanded
// size, entry size, compression ratio, entry count) each have their code; a refused import leaves no evidence copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yazl from 'yazl';
import { initCase } from '../src/app/init-case.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { importSources } from '../src/app/import-sources.js';
import { verifyCase } from '../src/app/verify-case.js';
import { isAppError, type ErrorCode } from '../src/domain/errors.js';
import { benignJpeg, msg } from './import-factory.js';
import { runCli } from './helpers/cli.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'vigie-zip-'));
const t = 1_700_000_000;

async function newCase(): Promise<CaseContext> {
  const dir = join(tmp(), 'case');
  await initCase({ dir });
  return await openCase(dir);
}

/** Write a zip (yazl deflates every entry). */
async function zipOf(path: string, entries: [string, Buffer][]): Promise<string> {
  await new Promise<void>((res, rej) => {
    const z = new yazl.ZipFile();
    for (const [name, data] of entries) z.addBuffer(data, name);
    z.outputStream.pipe(createWriteStream(path)).on('close', res).on('error', rej);
    z.end();
  });
  return path;
}

function resultJson(photos: string[]): Buffer {
  const messages = photos.map((p, i) =>
    msg(i + 1, t + i, 'Ana', 'user1', `m${i}`, { photo: p, width: 24, height: 24 }),
  );
  return Buffer.from(JSON.stringify({ name: 'G', type: 'private_supergroup', id: 77, messages }, null, 1));
}

/** Every file under a folder, recursively, with its size. */
function filesUnder(dir: string): { path: string; size: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const path = join(d.parentPath, d.name);
      return { path, size: statSync(path).size };
    });
}

const ZEROS = 128 << 20;

test('an entry nothing references is never expanded; a referenced one goes straight into evidence', async () => {
  const root = tmp();
  const photo = await benignJpeg(3);
  const zip = await zipOf(join(root, 'export.zip'), [
    ['export/result.json', resultJson(['photos/a.jpg'])],
    ['export/photos/a.jpg', photo],
    ['export/files/zeros.bin', Buffer.alloc(ZEROS)],
    [`export/files/${'n'.repeat(300)}.txt`, Buffer.from('a name this system cannot hold')],
  ]);
  assert.ok(statSync(zip).size < 1 << 20, 'the archive is small');
  const ctx = await newCase();
  try {
    const r = await importSources(ctx, { paths: [zip], zipLimits: { maxBytes: 10 << 20 } });
    assert.equal(r.sources[0]?.status, 'imported');
    assert.equal(r.sources[0]?.media, 1);
    assert.deepEqual(
      r.issues.map((i) => [i.code, i.message]),
      [['IMPORT_UNSAFE_PATH', 'zip entry refused: a name longer than 255 bytes']],
      'an entry the file system cannot hold is an issue, not a failed import',
    );
    const files = filesUnder(ctx.paths.dir);
    assert.ok(
      files.every((f) => f.size < ZEROS / 4),
      'no file in the case holds the expanded zeros',
    );
    assert.equal(ctx.evidence.list().length, 2, 'result.json and the photo only');
    assert.deepEqual(filesUnder(join(ctx.paths.evidence, '.tmp')), [], 'no temporary file left');
    assert.equal((await verifyCase(ctx)).ok, true);
  } finally {
    await ctx.close();
  }
});

test('each limit has its code naming the entry, and a refused import leaves no evidence copy', async () => {
  const root = tmp();
  const zip = await zipOf(join(root, 'bomb.zip'), [
    ['result.json', resultJson(['photos/a.jpg', 'files/zeros.bin'])],
    ['photos/a.jpg', await benignJpeg(4)],
    ['files/zeros.bin', Buffer.alloc(8 << 20)],
  ]);
  const cases: [Partial<Record<string, number>>, ErrorCode, RegExp][] = [
    [{}, 'ZIP_RATIO_TOO_HIGH', /bomb\.zip!\/files\/zeros\.bin: compression ratio \d+:1/],
    [{ maxRatio: 1e6, maxEntryBytes: 1 << 20 }, 'ZIP_ENTRY_TOO_LARGE', /zeros\.bin: expands to 8388608/],
    [{ maxRatio: 1e6, maxBytes: 4 << 20 }, 'ZIP_TOO_LARGE', /zeros\.bin: expanding it/],
    [{ maxEntries: 2 }, 'ZIP_TOO_MANY_ENTRIES', /bomb\.zip: 3 entries/],
  ];
  for (const [limits, code, message] of cases) {
    const ctx = await newCase();
    try {
      await assert.rejects(importSources(ctx, { paths: [zip], zipLimits: limits }), (e) => {
        assert.ok(isAppError(e, code), `${code}: ${String(e)}`);
        assert.match(e.message, message);
        return true;
      });
      assert.deepEqual(ctx.evidence.list(), [], `${code}: no orphan evidence copy`);
      assert.deepEqual(filesUnder(join(ctx.paths.evidence, '.tmp')), [], `${code}: no temporary file`);
      assert.equal((await verifyCase(ctx)).ok, true);
    } finally {
      await ctx.close();
    }
  }
});

test('the CLI reads the limits from $VIGIE_ZIP_* and exits 2 with the code', async () => {
  const root = tmp();
  const main = resultJson(['photos/a.jpg']);
  const photo = await benignJpeg(5, 64);
  assert.ok(photo.length > main.length + 1);
  const zip = await zipOf(join(root, 'big.zip'), [
    ['result.json', main],
    ['photos/a.jpg', photo],
  ]);
  const dir = join(root, 'case');
  assert.equal((await runCli(['init', '--case', dir])).code, 0);
  const refused = await runCli(['import', '--account', 'UC-T', '--case', dir, zip], {
    VIGIE_ZIP_MAX_ENTRY_BYTES: String(main.length + 1),
  });
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /^ZIP_ENTRY_TOO_LARGE: .*big\.zip!\/photos\/a\.jpg: expands to \d+ bytes/);
  const bad = await runCli(['import', '--account', 'UC-T', '--case', dir, zip], {
    VIGIE_ZIP_MAX_RATIO: 'lots',
  });
  assert.match(bad.stderr, /^USAGE: \$VIGIE_ZIP_MAX_RATIO=lots/);
  const ok = await runCli(['import', '--account', 'UC-T', '--case', dir, zip]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal((await runCli(['verify', '--case', dir])).code, 0);
});
