// Paths too long are refused before anything is created; control characters in names are escaped in terminal
// output; a run left `running` by a dead process is marked `interrupted` by the next writing command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCase } from '../src/app/init-case.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { importSources } from '../src/app/import-sources.js';
import { isAppError } from '../src/domain/errors.js';
import { escapeTerminal } from '../src/cli/output.js';
import { msg, writeExport } from './import-factory.js';
import { runCli } from './helpers/cli.js';
import { caseSql } from './helpers/case-sql.js';
import { DATABASES, databaseUrl } from './helpers/databases.js';

const t = 1_700_000_000;

test('a case path too long for the system is refused before anything is created', async () => {
  const root = mkdtempSync(join(tmpdir(), 'vigie-long-'));
  const longName = join(root, 'x'.repeat(300), 'case');
  await assert.rejects(
    initCase({ dir: longName }),
    (e) => isAppError(e, 'PATH_TOO_LONG') && /300 bytes/.test(e.message),
  );
  // Components of 200 bytes each fit, but the whole path with what a case holds below it does not.
  const deep = join(root, ...Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(200, 'y')), 'case');
  await assert.rejects(
    initCase({ dir: deep }),
    (e) => isAppError(e, 'PATH_TOO_LONG') && /4096-byte/.test(e.message),
  );
  assert.deepEqual(readdirSync(root), [], 'nothing was created');
  await assert.rejects(openCase(longName), (e) => isAppError(e, 'PATH_TOO_LONG'));
});

test('escapeTerminal makes C0, C1, ESC sequences and bidi overrides visible, keeps text, tabs and newlines', () => {
  assert.equal(escapeTerminal('a\tb\nc'), 'a\tb\nc');
  assert.equal(escapeTerminal('\x1b[31mred\x1b[0m'), '\\x1b[31mred\\x1b[0m');
  assert.equal(escapeTerminal('\x07\x08\r\x7f\x9b'), '\\x07\\x08\\x0d\\x7f\\x9b');
  assert.equal(escapeTerminal('abc\u202Egpj.exe'), 'abc\\u202egpj.exe');
  assert.equal(escapeTerminal('\u2066x\u2069\u200f'), '\\u2066x\\u2069\\u200f');
  assert.equal(escapeTerminal('Привет 👋 café'), 'Привет 👋 café');
});

test('names with terminal escape sequences are printed escaped by the CLI', async () => {
  const root = mkdtempSync(join(tmpdir(), 'vigie-esc-'));
  const dir = join(root, 'case');
  await initCase({ dir });
  const title = 'Evil \x1b]0;pwned\x07 \x1b[2J chat \u202Etxt.exe';
  writeExport(join(root, 'e'), {
    name: title,
    type: 'private_supergroup',
    id: 41,
    messages: [msg(1, t, 'A', 'user1', 'hi')],
  });
  const ctx = await openCase(dir);
  await importSources(ctx, { paths: [join(root, 'e')] });
  await ctx.close();
  const r = await runCli(['chats', '--case', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /[\x1b\x07\u202e]/, 'no raw control character reaches the terminal');
  assert.match(r.stdout, /Evil \\x1b\]0;pwned\\x07 \\x1b\[2J chat \\u202etxt\.exe/);
});

for (const kind of DATABASES)
  test(`[${kind}] a run left running by a dead process is marked interrupted by the next writer, not while one lives`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigie-int-'));
    const dir = join(root, 'case');
    await initCase({ dir, database: databaseUrl(kind) });
    const ctx = await openCase(dir);
    const runId = await ctx.store.runs.start('hash');
    // This process plays a live writer: while its lock file exists, another opener leaves the run alone.
    const other = await openCase(dir);
    assert.equal(await status(other, runId), 'running', 'a live holder keeps its run');
    await other.close();
    await ctx.close();
    // Now the writer is gone (its lock file released; a dead pid's file would be ignored alike).
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(
      join(dir, 'locks', `${dead}-x.json`),
      JSON.stringify({ pid: dead, host: hostname(), command: 'vigie hash', user: 'bo', since: 'x' }),
    );
    const said: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk: string | Uint8Array): boolean => (said.push(String(chunk)), true);
    const next = await openCase(dir).finally(() => {
      process.stderr.write = write;
    });
    try {
      assert.equal(await status(next, runId), 'interrupted');
      assert.ok(
        said.some((l) => l.includes(`run ${runId} was interrupted`)),
        `the next writer says so: ${said.join('')}`,
      );
      const ev = await caseSql(dir, `SELECT command, subject FROM audit_event WHERE command = 'interrupted'`);
      assert.deepEqual(ev, [{ command: 'interrupted', subject: runId }]);
      assert.equal(existsSync(join(dir, 'locks', `${dead}-x.json`)), false, 'the stale lock file is gone');
    } finally {
      await next.close();
    }
    const ro = await openCase(dir, { readonly: true });
    assert.equal(await status(ro, runId), 'interrupted');
    await ro.close();
  });

async function status(ctx: CaseContext, id: string): Promise<string> {
  const [row] = await caseSql(ctx.paths.dir, 'SELECT status FROM pipeline_run WHERE id = ?', id);
  return String(row!['status']);
}
