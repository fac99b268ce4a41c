// SQLite only, for time (whole-pipeline kill -9 iterations); fault-kill-import kills imports on both databases.
// kill -9 at random points of import, hash, match and analyse (`vigie run` killed from outside after a seeded random
// delay into a seeded random stage), then the same command again: the case equals an uninterrupted run's, verifies,
// and no run is left `running`. VIGIE_FAULT_ITERATIONS=<n> runs more iterations (default 2), VIGIE_FAULT_SEED another
// seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import yazl from 'yazl';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { verifyCase } from '../src/app/verify-case.js';
import { benignJpeg, msg, writeExport } from './import-factory.js';
import { CLI } from './helpers/cli.js';
import { caseFile } from './helpers/case-file.js';

const ITERATIONS = Number(process.env['VIGIE_FAULT_ITERATIONS'] ?? '2');
const SEED = Number(process.env['VIGIE_FAULT_SEED'] ?? '12');
const STAGES = ['import', 'hash', 'match', 'analyse'] as const;
const t = 1_700_000_000;

/** mulberry32: a small seeded generator, so that a failing iteration can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

// Columns that hold times, random run ids or the audit chain: they differ between any two runs.
const VOLATILE =
  /(^|_)(at|run_id|started|finished|created|id_issue)$|^(stored_at|imported_at|hash|prev_hash)$/;
const SKIP = new Set(['pipeline_run', 'audit_event', 'schema_migration', 'sqlite_sequence']);

/** Every table of a case, volatile columns dropped, rows sorted. */
function dump(sqlite: string): Record<string, string[]> {
  const raw = new Database(sqlite, { readonly: true });
  const tables = (
    raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as {
      name: string;
    }[]
  )
    .map((r) => r.name)
    .filter((n) => !SKIP.has(n));
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = raw.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
    out[table] = rows.map((r) => JSON.stringify(Object.entries(r).filter(([k]) => !VOLATILE.test(k)))).sort();
  }
  raw.close();
  return out;
}

interface Inputs {
  readonly args: string[];
}

async function makeInputs(root: string): Promise<Inputs> {
  const files: Record<string, Buffer> = {};
  const messages = [];
  const md5: string[] = [];
  for (let i = 0; i < 24; i++) {
    const jpg = await benignJpeg(i % 18, 64);
    files[`photos/p${i}.jpg`] = jpg;
    if (i < 3) md5.push(createHash('md5').update(jpg).digest('hex'));
    messages.push(
      msg(i + 1, t + i * 60, i % 3 ? 'Ana' : 'Bo', `user${i % 3}`, `m${i}`, { photo: `photos/p${i}.jpg` }),
    );
  }
  const a = writeExport(join(root, 'a'), { name: 'A', type: 'private_supergroup', id: 31, messages }, files);
  const zipPath = join(root, 'b.zip');
  const z = new yazl.ZipFile();
  const bMessages = [];
  for (let i = 0; i < 12; i++) {
    z.addBuffer(await benignJpeg(10 + i, 64), `b/photos/q${i}.jpg`);
    bMessages.push(msg(i + 1, t + i * 90, 'Cy', 'user7', `n${i}`, { photo: `photos/q${i}.jpg` }));
  }
  const b = { name: 'B', type: 'private_supergroup', id: 32, messages: bMessages };
  z.addBuffer(Buffer.from(JSON.stringify(b, null, 1)), 'b/result.json');
  await new Promise<void>((res, rej) => {
    z.outputStream.pipe(createWriteStream(zipPath)).on('close', res).on('error', rej);
    z.end();
  });
  const list = join(root, 'alerts.txt');
  writeFileSync(list, md5.join('\n') + '\n');
  return { args: ['run', a, zipPath, '--hashlist', list, '--workers', '1'] };
}

/** Run `vigie run`; with `kill`, SIGKILL it `delayMs` after it announces `stage`. */
function vigieRun(
  dir: string,
  inputs: Inputs,
  kill?: { stage: string; delayMs: number },
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [CLI, '--case', dir, ...inputs.args], {
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (kill && stderr.includes(`run: ${kill.stage}\n`) && !child.killed)
        setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
    });
    child.on('error', rej);
    child.on('close', (code, signal) => res({ code, signal, stderr }));
  });
}

async function freshCase(root: string, name: string): Promise<string> {
  const dir = join(root, name);
  await initCase({ dir });
  return dir;
}

test(`kill -9 during import, hash, match or analyse, then resume: the uninterrupted result (${ITERATIONS} iterations, seed ${SEED})`, async () => {
  const root = mkdtempSync(join(tmpdir(), 'vigie-kill-'));
  const inputs = await makeInputs(root);
  const refDir = await freshCase(root, 'reference');
  const ref = await vigieRun(refDir, inputs);
  assert.equal(ref.code, 0, ref.stderr);
  const expected = dump(join(refDir, 'case.sqlite'));
  assert.ok((expected['match']?.length ?? 0) > 0, 'the reference run matched something');
  const random = rng(SEED);
  const killed: string[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const stage = STAGES[Math.floor(random() * STAGES.length)]!;
    const delayMs = Math.floor(random() * 600);
    const dir = await freshCase(root, `kill-${i}`);
    const first = await vigieRun(dir, inputs, { stage, delayMs });
    killed.push(`${stage}+${delayMs}ms:${first.signal ?? `exit ${first.code}`}`);
    const again = await vigieRun(dir, inputs);
    assert.equal(again.code, 0, `iteration ${i} (${stage} + ${delayMs} ms): ${again.stderr}`);
    assert.deepEqual(dump(join(dir, 'case.sqlite')), expected, `iteration ${i} (${stage} + ${delayMs} ms)`);
    const ctx = await openCase(dir, { readonly: true });
    try {
      assert.equal((await verifyCase(ctx)).ok, true, `iteration ${i}: the case verifies`);
      const running = caseFile(ctx).prepare(`SELECT id FROM pipeline_run WHERE status = 'running'`).all();
      assert.deepEqual(running, [], `iteration ${i}: no run left running`);
    } finally {
      await ctx.close();
    }
  }
  process.stderr.write(`fault-kill: ${killed.join(', ')}\n`);
});
