// SQLite only: the disk filled or made read-only is the one under case.sqlite (docs/testing.md).
// A full disk (ENOSPC on evidence copies, SQLITE_FULL in the database) and a read-only disk, on a small tmpfs:
// DISK_FULL / CASE_READ_ONLY with exit 2 and no stack trace, nothing half-written, no orphan copy, the case verifies.
// Needs `mount -t tmpfs` (CI runs as root); skipped with the reason otherwise.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCase } from '../src/app/context.js';
import { initCase } from '../src/app/init-case.js';
import { isAppError } from '../src/domain/errors.js';
import { verifyCase } from '../src/app/verify-case.js';
import { msg, writeExport } from './import-factory.js';
import { runCli } from './helpers/cli.js';

const mnt = mkdtempSync(join(tmpdir(), 'vigie-tmpfs-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mnt], { encoding: 'utf8' });
const skip =
  mounted.status === 0
    ? false
    : `mount -t tmpfs is not permitted here (${(mounted.stderr || mounted.error?.message || '').trim()})`;
after(() => {
  if (!skip) spawnSync('umount', [mnt]);
  rmSync(mnt, { recursive: true, force: true });
});

const t = 1_700_000_000;
const noStack = (stderr: string): void => assert.doesNotMatch(stderr, /INTERNAL|\n\s+at /, stderr);

/** What an interrupted write may leave: nothing in evidence/.tmp, and every evidence file recorded. */
async function assertClean(dir: string): Promise<void> {
  const ctx = await openCase(dir, { readonly: true });
  try {
    const v = await verifyCase(ctx);
    assert.equal(v.ok, true, 'the case verifies');
    assert.equal(v.unreferenced, 0, 'no orphan evidence copy');
    let tmp: string[] = [];
    try {
      tmp = readdirSync(join(ctx.paths.evidence, '.tmp'));
    } catch {
      // no .tmp at all
    }
    assert.deepEqual(tmp, [], 'no temporary file');
  } finally {
    await ctx.close();
  }
}

test(
  'a full disk: DISK_FULL on evidence copies and on the database, the case unharmed',
  { skip },
  async () => {
    const dir = join(mnt, 'case');
    assert.equal((await runCli(['init', '--case', dir])).code, 0);
    const src = mkdtempSync(join(tmpdir(), 'vigie-full-'));
    // Thirty 300 kB files (random bytes, as documents) do not fit in what is left of 8 MB.
    const files: Record<string, Buffer> = {};
    const messages = [];
    for (let i = 0; i < 30; i++) {
      files[`files/f${i}.bin`] = randomBytes(300_000);
      messages.push(
        msg(i + 1, t + i, 'A', 'user1', `m${i}`, { file: `files/f${i}.bin`, media_type: 'file' }),
      );
    }
    writeExport(join(src, 'media'), { name: 'G', type: 'private_supergroup', id: 5, messages }, files);
    const r = await runCli(['import', '--account', 'UC-T', '--case', dir, join(src, 'media')]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^DISK_FULL: .*case: no space left on the disk holding the case \(ENOSPC\)/);
    assert.doesNotMatch(r.stderr, /media|result\.json|f\d+\.bin/, 'the input file is not blamed');
    noStack(r.stderr);
    await assertClean(dir);

    // Text only, with the disk nearly full: the database itself fails (SQLITE_FULL) and rolls back.
    const text = [];
    for (let i = 0; i < 3000; i++) text.push(msg(i + 1, t + i, 'A', 'user1', `hello ${i} ${'.'.repeat(50)}`));
    writeExport(join(src, 'text'), { name: 'T', type: 'private_supergroup', id: 6, messages: text });
    const free = statfsSync(mnt).bavail * statfsSync(mnt).bsize;
    writeFileSync(join(mnt, 'filler'), Buffer.alloc(Math.max(0, free - 400_000)));
    const full = await runCli(['import', '--account', 'UC-T', '--case', dir, join(src, 'text')]);
    assert.equal(full.code, 2, full.stderr);
    assert.match(full.stderr, /^DISK_FULL: .*case: no space left .*\((SQLITE_FULL|ENOSPC)\)/);
    noStack(full.stderr);
    rmSync(join(mnt, 'filler'));
    await assertClean(dir);
    const ok = await runCli(['import', '--account', 'UC-T', '--case', dir, join(src, 'text')]);
    assert.equal(ok.code, 0, 'with space again, the same import succeeds');
    await assertClean(dir);

    // A read-only command on a full disk: SQLite must create the -shm file of a WAL case to read it (was INTERNAL).
    // The in-process read-only check above left the -shm index (a reader cannot remove it); no connection is
    // open and the WAL is empty, so it goes, as after a writer's clean close.
    const db = join(dir, 'case.sqlite');
    assert.ok(!existsSync(`${db}-wal`) || statSync(`${db}-wal`).size === 0, 'no pending WAL');
    rmSync(`${db}-shm`, { force: true });
    try {
      writeFileSync(join(mnt, 'filler'), Buffer.alloc(statfsSync(mnt).bavail * statfsSync(mnt).bsize));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
    }
    const read = await runCli(['stats', '--case', dir]);
    assert.equal(read.code, 2, read.stderr);
    assert.match(read.stderr, /^DISK_FULL: .*case: no space left .*\(SQLITE_IOERR_SHMSIZE\)/);
    noStack(read.stderr);
    rmSync(join(mnt, 'filler'));
    assert.equal((await runCli(['stats', '--case', dir])).code, 0, 'with space again, it reads');
  },
);

test(
  'a read-only disk: CASE_READ_ONLY for writing commands, read-only commands work or say why',
  { skip },
  async () => {
    const dir = join(mnt, 'ro-case');
    assert.equal((await runCli(['init', '--case', dir])).code, 0);
    const src = mkdtempSync(join(tmpdir(), 'vigie-ro-'));
    writeExport(src, { name: 'G', type: 'private_supergroup', id: 7, messages: [msg(1, t, 'A', 'u1', 'x')] });
    assert.equal(spawnSync('mount', ['-o', 'remount,ro', mnt]).status, 0);
    try {
      const r = await runCli(['import', '--account', 'UC-T', '--case', dir, src]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^CASE_READ_ONLY: .*ro-case.*cannot be written \(EROFS\)/);
      noStack(r.stderr);
      // SQLite reads a WAL-mode database only where it can create its -shm file, unless that file is left over.
      const v = await runCli(['verify', '--case', dir]);
      if (v.code !== 0) assert.match(v.stderr, /^CASE_READ_ONLY: .*case\.sqlite: cannot be read where it is/);
      noStack(v.stderr);
    } finally {
      spawnSync('mount', ['-o', 'remount,rw', mnt]);
    }
  },
);

test('vigie init on a full disk: DISK_FULL and no half-made case left', { skip }, async () => {
  const free = statfsSync(mnt).bavail * statfsSync(mnt).bsize;
  writeFileSync(join(mnt, 'filler'), Buffer.alloc(Math.max(0, free - 200_000)));
  try {
    const dir = join(mnt, 'full-init');
    await assert.rejects(initCase({ dir }), (e) => isAppError(e, 'DISK_FULL'));
    assert.equal(existsSync(dir), false, 'the case folder was removed again');
  } finally {
    rmSync(join(mnt, 'filler'));
  }
});
