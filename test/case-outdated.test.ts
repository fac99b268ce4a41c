import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { caseExec, caseSql } from './helpers/case-sql.js';
import { DATABASES, initArgs } from './helpers/databases.js';
import { MIGRATIONS } from '../src/store/migrations/index.js';

// A case written by the Vigie before the last migration (the table of human media decisions dropped with its
// migration record) is opened by a read-only command and by the workbench's read-only open: it is migrated forward
// once, then read; never a "no such table".
for (const kind of DATABASES)
  test(`[${kind}] a read-only command on a case of an older schema migrates it forward first`, async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vigie-outdated-')), 'case');
    assert.equal((await runCli(['init', dir, '--home', 'FR', ...initArgs(kind)])).code, 0);
    // Back to schema 7: what migrations 8 (media decisions), 9 (search index) and 10 (referrals) made, and their
    // records.
    await caseExec(dir, 'DROP TABLE media_decision; DROP TABLE referral');
    // … and 11 (own accounts, self-production).
    await caseExec(dir, 'DROP TABLE own_account; DROP TABLE cluster_production');
    // … and 13 (image thumbnails).
    await caseExec(dir, 'DROP TABLE thumbnail');
    // … and 14 (PostgreSQL: the messages' search vectors, with their index).
    if (kind === 'postgres') await caseExec(dir, 'ALTER TABLE message DROP COLUMN tsv');
    if (kind === 'postgres')
      await caseExec(
        dir,
        'DROP FUNCTION own_account_no_update_fn(); DROP FUNCTION own_account_no_delete_fn()',
      );
    if (kind === 'postgres')
      await caseExec(
        dir,
        'DROP FUNCTION media_decision_no_update_fn(); DROP FUNCTION media_decision_no_delete_fn(); ' +
          'DROP FUNCTION referral_no_update_fn(); DROP FUNCTION referral_no_delete_fn(); ' +
          'DROP TABLE search_doc; DROP TEXT SEARCH CONFIGURATION vigie_search',
      );
    else await caseExec(dir, 'DROP TABLE search_fts; DROP TABLE search_doc');
    await caseSql(dir, 'DELETE FROM schema_migration WHERE version >= ?', 8);
    const before = await caseSql(dir, 'SELECT count(*) AS n FROM schema_migration');
    assert.equal(Number(before[0]!['n']), 7);

    const media = await runCli(['--case', dir, '--json', 'media']);
    assert.equal(media.code, 0, media.stderr);
    assert.deepEqual(JSON.parse(media.stdout), []);
    const after = await caseSql(dir, 'SELECT count(*) AS n FROM schema_migration');
    assert.equal(Number(after[0]!['n']), MIGRATIONS.length);
    const verify = await runCli(['--case', dir, 'verify']);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
