/** Faults of a case on PostgreSQL: an unreachable server, a missing schema (named, exit 2, no stack trace). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { DATABASES, databaseUrl } from './helpers/databases.js';
import { caseExec } from './helpers/case-sql.js';
import { initCase } from '../src/app/init-case.js';

const fresh = (): string => join(mkdtempSync(join(tmpdir(), 'vigie-pgfault-')), 'case');

for (const kind of DATABASES.filter((d) => d === 'postgres')) {
  test(`[${kind}] a case whose server is unreachable: DATABASE_UNREACHABLE naming the server, exit 2`, async () => {
    const dir = fresh();
    await initCase({ dir, database: databaseUrl(kind) });
    const file = join(dir, 'case.json');
    const info = JSON.parse(readFileSync(file, 'utf8')) as { database: { url: string } };
    // A port nothing listens on (the discard port, refused on loopback).
    info.database.url = 'postgres://127.0.0.1:9/vigie';
    writeFileSync(file, JSON.stringify(info, null, 2));
    for (const args of [['verify'], ['gc', '--dry-run'], ['audit', 'head']]) {
      const r = await runCli(['--case', dir, ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^DATABASE_UNREACHABLE: postgres:\/\/127\.0\.0\.1:9\/vigie#case_/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
    const c = await runCli(['case', 'copy', dir, fresh()]);
    assert.equal(c.code, 2);
    assert.match(c.stderr, /^DATABASE_UNREACHABLE: /);
  });

  test(`[${kind}] a case.json naming a schema missing from the server: CASE_CORRUPT, exit 2`, async () => {
    const dir = fresh();
    await initCase({ dir, database: databaseUrl(kind) });
    const info = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as { database: { schema: string } };
    await caseExec(dir, `DROP SCHEMA "${info.database.schema}" CASCADE`);
    const r = await runCli(['--case', dir, 'verify']);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      new RegExp(`^CASE_CORRUPT: ${info.database.schema}: the case's schema is missing`),
    );
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
}
