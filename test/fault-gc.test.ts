// `vigie gc`: removes evidence files no record references (what a killed import leaves) and dead writers' temporary
// files, only after the case verifies, with an audit event; refuses a case that does not verify or that another
// live process holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { importSources } from '../src/app/import-sources.js';
import { gcEvidence } from '../src/app/gc-evidence.js';
import { verifyCase } from '../src/app/verify-case.js';
import { isAppError } from '../src/domain/errors.js';
import { benignJpeg, msg, writeExport } from './import-factory.js';
import { runCli } from './helpers/cli.js';
import { caseSql } from './helpers/case-sql.js';
import { DATABASES, databaseUrl, type TestDatabase } from './helpers/databases.js';

const t = 1_700_000_000;

async function caseWithOrphans(
  kind: TestDatabase,
): Promise<{ dir: string; orphan: string; tmpFile: string }> {
  const root = mkdtempSync(join(tmpdir(), 'vigie-gc-'));
  const dir = join(root, 'case');
  await initCase({ dir, database: databaseUrl(kind) });
  writeExport(
    join(root, 'e'),
    {
      name: 'G',
      type: 'private_supergroup',
      id: 51,
      messages: [msg(1, t, 'A', 'u1', 'x', { photo: 'p.jpg' })],
    },
    { 'p.jpg': await benignJpeg(1) },
  );
  const ctx = await openCase(dir);
  try {
    await importSources(ctx, { paths: [join(root, 'e')] });
    // What a process killed between its evidence copy and its commit leaves: a stored file nothing records, and a
    // temporary file named after a dead process.
    const orphan = ctx.evidence.putBytes(await benignJpeg(2)).sha256;
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    mkdirSync(join(ctx.paths.evidence, '.tmp'), { recursive: true });
    const tmpFile = join(ctx.paths.evidence, '.tmp', `${dead}-abcdef`);
    writeFileSync(tmpFile, 'partial');
    return { dir, orphan, tmpFile };
  } finally {
    await ctx.close();
  }
}

for (const kind of DATABASES)
  test(`[${kind}] gc removes unreferenced evidence and dead temporary files after verifying; dry-run removes nothing`, async () => {
    const { dir, orphan, tmpFile } = await caseWithOrphans(kind);
    const ctx = await openCase(dir);
    try {
      assert.equal((await verifyCase(ctx)).unreferenced, 1);
      const dry = await gcEvidence(ctx, { dryRun: true });
      assert.deepEqual(dry.unreferenced, [orphan]);
      assert.ok(ctx.evidence.has(orphan) && existsSync(tmpFile), 'dry-run removed nothing');
      const r = await gcEvidence(ctx);
      assert.deepEqual([r.unreferenced, r.tmpRemoved], [[orphan], 1]);
      assert.equal(ctx.evidence.has(orphan), false);
      assert.equal(existsSync(tmpFile), false);
      const v = await verifyCase(ctx);
      assert.deepEqual(
        [v.ok, v.unreferenced, v.evidenceFiles],
        [true, 0, 2],
        'result.json and the photo, nothing else',
      );
      const ev = (await caseSql(dir, `SELECT details FROM audit_event WHERE command = 'gc'`)) as {
        details: string;
      }[];
      assert.deepEqual(JSON.parse(ev[0]!.details), { bytes: r.bytes, removed: [orphan], tmpRemoved: 1 });
    } finally {
      await ctx.close();
    }
  });

for (const kind of DATABASES)
  test(`[${kind}] gc refuses a case that does not verify, or that another live process holds`, async () => {
    const { dir, orphan } = await caseWithOrphans(kind);
    const ctx = await openCase(dir);
    try {
      const other = await openCase(dir); // a second live holder (this process, another lock file)
      await assert.rejects(gcEvidence(ctx), (e) => isAppError(e, 'CASE_BUSY'));
      await other.close();
      const recorded = (
        (await caseSql(dir, 'SELECT sha256 FROM evidence LIMIT 1')) as { sha256: string }[]
      )[0]!.sha256;
      const path = ctx.evidence.pathOf(recorded);
      chmodSync(path, 0o644);
      writeFileSync(path, 'altered');
      await assert.rejects(
        gcEvidence(ctx),
        (e) => isAppError(e, 'CASE_CORRUPT') && /does not verify/.test(e.message),
      );
      assert.equal(ctx.evidence.has(orphan), true, 'nothing removed');
    } finally {
      await ctx.close();
    }
  });

test('vigie gc on the command line', async () => {
  const { dir, orphan } = await caseWithOrphans('sqlite'); // the command's output; the store is tested above
  const r = await runCli(['gc', '--case', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    new RegExp(`removed ${orphan}\\n.*1 unreferenced evidence files \\(\\d+ bytes\\) removed`),
  );
  assert.match(r.stdout, /1 temporary files removed/);
});
