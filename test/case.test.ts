import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, chmodSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { verifyCase } from '../src/app/verify-case.js';
import { isAppError } from '../src/domain/errors.js';
import { runCli } from './helpers/cli.js';
import { DATABASES, databaseUrl } from './helpers/databases.js';
import { caseExec, caseSql, caseSqlWith } from './helpers/case-sql.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'vigie-case-'));
}

test('init creates the case layout in WAL mode with foreign keys, and refuses to overwrite', async () => {
  const dir = join(tmp(), 'c');
  await initCase({ dir, name: 'Op', home: 'fr' });
  const info = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8'));
  assert.equal(info.home, 'FR');
  assert.equal(info.name, 'Op');
  const raw = new Database(join(dir, 'case.sqlite'));
  assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
  raw.close();
  await assert.rejects(initCase({ dir }), (e) => isAppError(e, 'CASE_EXISTS'));
});

test('a case written by an unknown newer schema is refused', async () => {
  const dir = join(tmp(), 'c');
  await initCase({ dir });
  const raw = new Database(join(dir, 'case.sqlite'));
  raw.prepare(`INSERT INTO schema_migration VALUES (999, 'future', '9.9.9', 'x')`).run();
  raw.close();
  await assert.rejects(openCase(dir), (e) => isAppError(e, 'CASE_TOO_NEW') && /9\.9\.9/.test(e.message));
});

test('a case.json of a newer format is refused', async () => {
  const dir = join(tmp(), 'c');
  await initCase({ dir });
  const p = join(dir, 'case.json');
  writeFileSync(p, JSON.stringify({ ...JSON.parse(readFileSync(p, 'utf8')), formatVersion: 7 }));
  await assert.rejects(openCase(dir), (e) => isAppError(e, 'CASE_TOO_NEW'));
});

test('evidence is content-addressed, read-only, and storing twice is a no-op', async () => {
  const dir = join(tmp(), 'c');
  await initCase({ dir });
  const ctx = await openCase(dir);
  const src = join(tmp(), 'f.bin');
  writeFileSync(src, 'hello evidence');
  const a = ctx.evidence.putFile(src);
  const b = ctx.evidence.putBytes(Buffer.from('hello evidence'));
  assert.equal(a.written, true);
  assert.equal(b.written, false);
  assert.equal(a.sha256, b.sha256);
  assert.equal(a.sha256, createHash('sha256').update('hello evidence').digest('hex'));
  assert.equal(statSync(ctx.evidence.pathOf(a.sha256)).mode & 0o222, 0, 'stored evidence is read-only');
  await ctx.close();
});

for (const kind of DATABASES) {
  test(`[${kind}] verify names the first altered file and the first broken audit link`, async () => {
    const dir = join(tmp(), 'c');
    await initCase({ dir, database: databaseUrl(kind) });
    const ctx = await openCase(dir);
    const one = ctx.evidence.putBytes(Buffer.from('one'));
    const two = ctx.evidence.putBytes(Buffer.from('two'));
    await ctx.store.transaction(async (tx) => {
      await tx.sources.recordEvidence(one.sha256, one.size);
      await tx.sources.recordEvidence(two.sha256, two.size);
      await tx.audit.append({ user: 't', command: 'test', subject: 'x' });
    });
    assert.equal((await verifyCase(ctx)).ok, true);
    const victim = [one.sha256, two.sha256].sort()[1]!;
    chmodSync(ctx.evidence.pathOf(victim), 0o644);
    writeFileSync(ctx.evidence.pathOf(victim), 'changed');
    const r = await verifyCase(ctx);
    assert.equal(r.ok, false);
    assert.equal(r.alteredFile?.sha256, victim);
    await ctx.close();

    await caseExec(
      dir,
      kind === 'postgres'
        ? 'DROP TRIGGER audit_event_no_update ON audit_event'
        : 'DROP TRIGGER audit_event_no_update',
    );
    await caseSqlWith(dir, { bypass: false }, `UPDATE audit_event SET subject = 'forged' WHERE seq = 2`);
    const res = await runCli(['--case', dir, 'verify']);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /EVIDENCE_ALTERED: .*evidence/);
    assert.match(res.stderr, /AUDIT_CHAIN_BROKEN: audit event 2/);
    assert.match(res.stderr, /CASE_TAMPERED: append-only, trigger-missing, .*field audit_event_no_update/);
  });

  test(`[${kind}] verify names database rows whose references point nowhere`, async () => {
    const dir = join(tmp(), 'c');
    await initCase({ dir, database: databaseUrl(kind) });
    await caseSql(
      dir,
      `INSERT INTO chat_title (chat_id, title, source_id) VALUES ('telegram:channel9', 'Ghost', 'src-none')`,
    );
    const ctx = await openCase(dir);
    const r = await verifyCase(ctx);
    await ctx.close();
    assert.equal(r.ok, false);
    assert.deepEqual(r.danglingReferences, [
      { table: 'chat_title', row: 'chat_id "telegram:channel9"', parent: 'chat' },
      { table: 'chat_title', row: 'source_id "src-none"', parent: 'source' },
    ]);
    const res = await runCli(['--case', dir, 'verify']);
    assert.equal(res.code, 2);
    assert.match(
      res.stdout,
      /DANGLING REFERENCE: chat_title row \(chat_id "telegram:channel9"\) names a missing chat/,
    );
    assert.match(res.stderr, /CASE_CORRUPT: 2 database row\(s\) name missing rows/);
  });

  test(`[${kind}] the audit trail refuses updates and deletes; the store enforces foreign keys`, async () => {
    const dir = join(tmp(), 'c');
    await initCase({ dir, database: databaseUrl(kind) });
    await assert.rejects(caseSqlWith(dir, { bypass: false }, `DELETE FROM audit_event`), /append-only/);
    await assert.rejects(
      caseSqlWith(dir, { bypass: false }, `UPDATE audit_event SET "user" = 'x'`),
      /append-only/,
    );
    const ctx = await openCase(dir);
    try {
      const t = { table: 'chat_title', columns: ['chat_id', 'title', 'source_id'], order: [] };
      await assert.rejects(
        ctx.store.transaction((tx) =>
          tx.integrity.writeTableRows(t, [['telegram:channel9', 'Ghost', 'src-none']]),
        ),
        /foreign key/i,
      );
    } finally {
      await ctx.close();
    }
  });
}

test('commands that need a case say where they looked', async () => {
  const res = await runCli(['--case', join(tmp(), 'nothing'), 'verify']);
  assert.equal(res.code, 2);
  assert.match(res.stderr, /^CASE_NOT_FOUND: .*nothing/);
});
