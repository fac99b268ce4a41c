// kill -9 of `vigie import` from outside, once the evidence folder holds N files (polled), on both databases: the
// killed source leaves nothing half-written, and importing again reaches the state of an uninterrupted import.
// Replaces the test-only hook VIGIE_TEST_KILL_AFTER (the import path of fault-kill.test.ts is the whole `vigie run`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, runCli } from './helpers/cli.js';
import { DATABASES, initArgs } from './helpers/databases.js';
import { openCase } from '../src/app/context.js';
import { READ_IN_WORKER_BYTES } from '../src/app/import-sources.js';
import { benignJpeg, msg, writeExport } from './import-factory.js';

const t = 1_700_000_000;
const tmp = (): string => mkdtempSync(join(tmpdir(), 'vigie-killimp-'));

/** Evidence files stored so far (temporaries excluded). */
function evidenceFiles(dir: string): string[] {
  const root = join(dir, 'evidence');
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const a of readdirSync(root))
    if (a !== '.tmp' && a.length === 2)
      for (const b of readdirSync(join(root, a))) out.push(...readdirSync(join(root, a, b)));
  return out.sort();
}

/** Start `vigie import`, SIGKILL it once `n` evidence files exist; resolves with how it ended. */
function importKilledAt(dir: string, paths: string[], n: number): Promise<{ signal: string | null }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [CLI, '--case', dir, 'import', '--account', 'UC-T', ...paths], {
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: 'ignore',
    });
    const poll = setInterval(() => {
      if (evidenceFiles(dir).length >= n) {
        clearInterval(poll);
        child.kill('SIGKILL');
      }
    }, 2);
    child.on('error', rej);
    child.on('close', (_code, signal) => {
      clearInterval(poll);
      res({ signal });
    });
  });
}

/** What the case holds, through the port: sources with row digests, evidence rows, no run left `running`. */
async function state(dir: string): Promise<unknown> {
  const ctx = await openCase(dir, { readonly: true });
  try {
    const sources = [];
    for (const s of await ctx.store.sources.listSources())
      sources.push({ ...s, digest: (await ctx.store.integrity.sourceRowDigest(s.id))?.digest ?? null });
    const running = (await ctx.store.runs.list()).filter((r) => r.status === 'running');
    return { sources, evidence: await ctx.store.sources.listEvidence(), running: running.length };
  } finally {
    await ctx.close();
  }
}

async function exports(root: string): Promise<string[]> {
  const photos = async (from: number, to: number): Promise<Record<string, Buffer>> => {
    const out: Record<string, Buffer> = {};
    for (let i = from; i < to; i++) out[`photos/p${i}.jpg`] = await benignJpeg(i, 48);
    return out;
  };
  const chat = (messages: unknown[]): unknown => ({
    name: 'Pond',
    type: 'private_supergroup',
    id: 1555000009,
    messages,
  });
  // b's messages are long: its main file is read on a worker thread (ADR 0009), killed while it reads.
  const filler = 'garden pond leaf river stone cloud bread lamp '.repeat(1600);
  const m = (i: number): Record<string, unknown> =>
    msg(i, t + i, i % 2 ? 'Ann' : 'Bea', i % 2 ? 'user1' : 'user2', i < 40 ? `m${i}` : `m${i} ${filler}`, {
      photo: `photos/p${i}.jpg`,
    });
  const ids = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);
  return [
    writeExport(join(root, 'a'), chat(ids(0, 60).map(m)), await photos(0, 60)),
    writeExport(join(root, 'b'), chat(ids(40, 100).map(m)), await photos(40, 100)),
  ];
}

for (const kind of DATABASES)
  test(`[${kind}] SIGKILL during import at several points, then import again: the uninterrupted state`, async () => {
    const root = tmp();
    const paths = await exports(root);
    assert.ok(
      statSync(join(paths[1] ?? '', 'result.json')).size >= READ_IN_WORKER_BYTES,
      'b is read on a worker',
    );
    const ref = join(root, 'ref');
    assert.equal((await runCli(['init', ref, ...initArgs(kind)])).code, 0);
    const full = await runCli(['--case', ref, 'import', '--account', 'UC-T', ...paths]);
    assert.equal(full.code, 0, full.stderr);
    const want = await state(ref);
    // evidence files: a's result.json, 60 photos, b's result.json, 40 new photos
    for (const n of [20, 75]) {
      const c = join(root, `kill${n}`);
      assert.equal((await runCli(['init', c, ...initArgs(kind)])).code, 0);
      const killed = await importKilledAt(c, paths, n);
      assert.equal(killed.signal, 'SIGKILL', `killed once ${n} evidence files existed`);
      const partial = (await state(c)) as { sources: unknown[] };
      assert.ok(partial.sources.length < 2, 'the killed source was not committed');
      const rerun = await runCli(['--case', c, 'import', '--account', 'UC-T', ...paths]);
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.deepEqual(await state(c), want, `state after a kill at ${n} files and a re-run`);
      assert.deepEqual(evidenceFiles(c), evidenceFiles(ref));
      if (kind === 'sqlite') assert.equal((await runCli(['--case', c, 'verify'])).code, 0);
    }
  });
