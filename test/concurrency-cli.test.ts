// Writers racing on one case. PostgreSQL: two imports and an analyse started together all succeed (the store's
// case-wide advisory lock serialises their transactions, serialization failures are retried), the case verifies and
// ends as the sequential run does. SQLite: each racer lands or fails with CASE_BUSY (exit 2, no stack trace), the
// case verifies, and running the refused ones again ends as the sequential run does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benignJpeg, msg, writeExport } from './import-factory.js';
import { runCli, type CliResult } from './helpers/cli.js';
import { DATABASES, initArgs, type TestDatabase } from './helpers/databases.js';

const t0 = 1_700_000_000;
const noStack = (r: CliResult): void => assert.doesNotMatch(r.stderr, /INTERNAL|\n\s+at /, r.stderr);

/** A group chat of `n` messages by four invented members, every tenth with a benign photo. */
async function exportOf(dir: string, id: number, n: number): Promise<string> {
  const messages = [];
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < n; i++) {
    const who = (i * 7 + id) % 4;
    const extra: Record<string, unknown> = {};
    if (i % 10 === 0) {
      const photo = `photos/p${i}.jpg`;
      files[photo] = await benignJpeg(id * 1000 + i);
      Object.assign(extra, { photo, width: 24, height: 24 });
    }
    messages.push(msg(i + 1, t0 + id * 100_000 + i, `M${who}`, `user${who}`, `chat ${id} note ${i}`, extra));
  }
  return writeExport(dir, { name: `G${id}`, type: 'private_supergroup', id, messages }, files);
}

async function ok(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const r = await runCli(args, env);
  assert.equal(r.code, 0, `vigie ${args.join(' ')}: ${r.stderr}`);
  return r;
}

const stats = async (dir: string): Promise<unknown> =>
  JSON.parse((await ok(['stats', '--case', dir, '--json'])).stdout) as unknown;

/** The case as the sequential run leaves it: base, a, b imported one after the other, then analysed. */
async function sequential(kind: TestDatabase, root: string, exports: string[]): Promise<unknown> {
  const dir = join(root, 'sequential');
  await ok(['init', dir, ...initArgs(kind)]);
  for (const e of exports) await ok(['import', '--account', 'UC-T', '--case', dir, e]);
  await ok(['analyse', '--case', dir]);
  return stats(dir);
}

for (const kind of DATABASES) {
  test(`[${kind}] two imports and an analyse at once: ${kind === 'postgres' ? 'all succeed' : 'each lands or says CASE_BUSY'}, the case verifies and ends as the sequential run`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigie-race-'));
    const base = await exportOf(join(root, 'base'), 30, 100);
    const a = await exportOf(join(root, 'a'), 31, 800);
    const b = await exportOf(join(root, 'b'), 32, 800);
    const dir = join(root, 'case');
    await ok(['init', dir, ...initArgs(kind)]);
    await ok(['import', '--account', 'UC-T', '--case', dir, base]);
    const env = { VIGIE_BUSY_TIMEOUT_MS: '20000' };
    const racers = [
      ['import', '--account', 'UC-T', '--case', dir, a],
      ['import', '--account', 'UC-T', '--case', dir, b],
      ['analyse', '--case', dir],
    ];
    const results = await Promise.all(racers.map((args) => runCli(args, env)));
    results.forEach((r, i) => {
      noStack(r);
      if (kind === 'postgres') assert.equal(r.code, 0, `vigie ${racers[i]!.join(' ')}: ${r.stderr}`);
      else if (r.code !== 0) {
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /^CASE_BUSY: /, r.stderr);
      }
    });
    await ok(['verify', '--case', dir]);
    // Whatever was refused runs again; one last analyse sees both imports (the raced one may have run before them).
    for (const [i, r] of results.entries()) if (r.code !== 0) await ok(racers[i]!);
    await ok(['analyse', '--case', dir]);
    await ok(['verify', '--case', dir]);
    assert.deepEqual(await stats(dir), await sequential(kind, root, [base, a, b]));
  });
}
