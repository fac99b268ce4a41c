import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { DATABASES, databaseUrl } from './helpers/databases.js';
import { buildBaseCase, verify, type BaseCase } from './verify-tamper-fixture.js';
import { caseSql } from './helpers/case-sql.js';
import { openCase } from '../src/app/context.js';
import { compareTables } from '../src/app/replay-compare.js';
import { DERIVED_TABLES, EVIDENCE_TABLES } from '../src/store/table-rows.js';

let base: BaseCase;
before(async () => {
  base = await buildBaseCase({ small: true });
});

const fresh = (): string => join(mkdtempSync(join(tmpdir(), 'vigie-copy-')), 'case');

/** The `--json` listings a copy must reproduce exactly. */
async function listings(dir: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const cmd of ['stats', 'media', 'actors', 'targets']) {
    const r = await runCli(['--case', dir, '--json', cmd]);
    assert.equal(r.code, 0, `${cmd}: ${r.stderr}`);
    out[cmd] = JSON.parse(r.stdout);
  }
  return out;
}

/** Copy with the CLI; returns the report. */
async function copy(
  from: string,
  to: string,
  url?: string,
): Promise<{ rows: Record<string, number>; database: string }> {
  const r = await runCli(['--json', 'case', 'copy', from, to, ...(url ? ['--database', url] : [])], {
    VIGIE_USER: 'copier',
  });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { rows: Record<string, number>; database: string };
}

/** The tables of two cases compared row for row through the port (volatile columns left out): no difference. */
async function sameRows(a: string, b: string): Promise<void> {
  const x = await openCase(a, { readonly: true });
  const y = await openCase(b, { readonly: true });
  try {
    assert.deepEqual(await compareTables(x.store, y.store, [...EVIDENCE_TABLES, ...DERIVED_TABLES]), []);
    const ex = await x.store.audit.list();
    const ey = await y.store.audit.list();
    // The audit trail is copied as is (same case id), then the copy appends its `case copy` event(s).
    assert.deepEqual(ey.slice(0, ex.length), ex);
    assert.ok(ey.slice(ex.length).every((e) => e.command === 'case copy'));
  } finally {
    await x.close();
    await y.close();
  }
}

test('[sqlite] case copy: same case.json, evidence hard-linked read-only, same rows and listings, verify passes', async () => {
  const to = fresh();
  const r = await copy(base.dir, to);
  assert.equal(r.database, 'sqlite');
  assert.ok((r.rows['message'] ?? 0) > 0 && (r.rows['audit_event'] ?? 0) > 0);
  const a = JSON.parse(readFileSync(join(base.dir, 'case.json'), 'utf8')) as Record<string, unknown>;
  const b = JSON.parse(readFileSync(join(to, 'case.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(b, a);
  const file = join('evidence', base.photo2.slice(0, 2), base.photo2.slice(2, 4), base.photo2);
  assert.equal(
    statSync(join(to, file)).ino,
    statSync(join(base.dir, file)).ino,
    'hard link on one filesystem',
  );
  assert.equal(statSync(join(to, file)).mode & 0o222, 0, 'read-only');
  assert.ok(existsSync(join(to, 'derived')));
  const v = await verify(to);
  assert.deepEqual(v.findings, []);
  assert.equal(v.code, 0);
  assert.deepEqual(await listings(to), await listings(base.dir));
  await sameRows(base.dir, to);
  // The source still verifies: the copy's anchor is on its own branch of the journal.
  assert.equal((await verify(base.dir)).code, 0);
  const again = await runCli(['case', 'copy', base.dir, to]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /^CASE_EXISTS: /);
});

for (const kind of DATABASES.filter((d) => d === 'postgres'))
  test(`[${kind}] case copy SQLite → PostgreSQL → SQLite: verify passes on each copy, rows and listings identical`, async () => {
    const url = databaseUrl(kind) ?? '';
    const pgDir = fresh();
    const r = await copy(base.dir, pgDir, url);
    assert.equal(r.database, 'postgres');
    const info = JSON.parse(readFileSync(join(pgDir, 'case.json'), 'utf8')) as {
      database?: { kind: string; schema: string };
    };
    assert.equal(info.database?.kind, 'postgres');
    const v = await verify(pgDir);
    assert.deepEqual(v.findings, []);
    assert.equal(v.code, 0, v.stderr);
    await sameRows(base.dir, pgDir);
    const back = fresh();
    const r2 = await copy(pgDir, back);
    assert.equal(r2.database, 'sqlite');
    assert.deepEqual(
      Object.fromEntries(Object.entries(r2.rows).filter(([t]) => t !== 'audit_event')),
      Object.fromEntries(Object.entries(r.rows).filter(([t]) => t !== 'audit_event')),
    );
    const vb = await verify(back);
    assert.deepEqual(vb.findings, []);
    assert.equal(vb.code, 0, vb.stderr);
    await sameRows(pgDir, back);
    assert.deepEqual(await listings(back), await listings(base.dir));
    // Identity columns continue past the copied ids: a new issue row on the PostgreSQL copy takes a fresh id.
    const before = (await caseSql(pgDir, 'SELECT coalesce(max(id), 0) AS m FROM issue'))[0]?.['m'];
    const ctx = await openCase(pgDir);
    try {
      await ctx.store.transaction((tx) =>
        tx.runs.addIssues(null, [{ sourceId: null, code: 'X', file: 'f', location: 'l', message: 'm' }]),
      );
    } finally {
      await ctx.close();
    }
    const after = (await caseSql(pgDir, 'SELECT max(id) AS m FROM issue'))[0]?.['m'];
    assert.equal(Number(after), Number(before) + 1);
    // Source and copies verify independently (the copies anchor on their own branches of the journal).
    assert.equal((await verify(base.dir)).code, 0);
    assert.equal((await verify(back)).code, 0);
  });
