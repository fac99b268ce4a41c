// SQLite only: the reading thread is the reader's, not the store's (import-databases imports on both).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { importSources, type ImportInput } from '../src/app/import-sources.js';
import { isAppError } from '../src/domain/errors.js';
import { BATCH } from '../src/pipeline/import/read-packed.js';
import { dumpCase, msg, writeExport } from './import-factory.js';
import { startModuleWorker } from '../src/pipeline/worker-thread.js';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { caseFile } from './helpers/case-file.js';

// Reading on a worker thread (ADR 0009) must give exactly the case that reading on the writing thread gives.

const FIX = resolve('../shared/fixtures/telegram-real');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'vigie-read-thread-'));

async function importAll(
  inputs: Omit<ImportInput, 'readThread'>[],
  readThread: 'worker' | 'inline',
): Promise<{ dump: Record<string, unknown[]>; issues: unknown[] }> {
  const dir = join(tmp(), 'case');
  await initCase({ dir });
  const ctx = await openCase(dir);
  const issues: unknown[] = [];
  for (const input of inputs) issues.push(...(await importSources(ctx, { ...input, readThread })).issues);
  const dump = dumpCase(ctx.paths.sqlite);
  await ctx.close();
  return { dump, issues };
}

test('every real fixture (JSON and HTML) gives the same case read on a worker thread as on this thread', async () => {
  const inputs = readdirSync(FIX, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({ paths: [join(FIX, d.name)], tz: 'Europe/Paris' }));
  assert.ok(inputs.length >= 7);
  const inline = await importAll(inputs, 'inline');
  const worker = await importAll(inputs, 'worker');
  assert.ok((inline.dump['message'] ?? []).length >= 80);
  assert.deepEqual(worker.dump, inline.dump);
  assert.deepEqual(worker.issues, inline.issues);
});

test('a chat of several batches, with edits from a second export, is the same read either way', async () => {
  const root = tmp();
  const T = 1_700_000_000;
  const n = BATCH * 3 + 7;
  const messages = (edit: boolean): unknown[] =>
    Array.from({ length: n }, (_, i) =>
      msg(
        i + 1,
        T + i,
        `User ${i % 13}`,
        `user${100 + (i % 13)}`,
        i % 97 === 0 && edit ? 'edited' : `m ${i}`,
        {
          ...(i % 97 === 0 && edit
            ? { edited: '2023-11-20T00:00:00', edited_unixtime: String(T + n + i) }
            : {}),
          ...(i % 11 === 0
            ? { photo: '(File not included. Change data exporting settings to download.)' }
            : {}),
        },
      ),
    );
  const chat = (edit: boolean): unknown => ({
    name: 'Leaf club',
    type: 'public_supergroup',
    id: 1700000002,
    messages: messages(edit),
  });
  const a = writeExport(join(root, 'a'), chat(false));
  const b = writeExport(join(root, 'b'), chat(true));
  const inputs = [
    { paths: [a], account: 'UC-1' },
    { paths: [b], account: 'UC-2' },
  ];
  const inline = await importAll(inputs, 'inline');
  const worker = await importAll(inputs, 'worker');
  assert.equal((inline.dump['message'] ?? []).length, n);
  assert.ok((inline.dump['message_version'] ?? []).length > 0, 'the edits made versions');
  assert.deepEqual(worker.dump, inline.dump);
});

test('invalid JSON read on a worker thread: the same IMPORT_INVALID_JSON with its byte offset; nothing stored', async () => {
  const dir = join(tmp(), 'case');
  await initCase({ dir });
  const ctx = await openCase(dir);
  const T = 1_700_000_000;
  const good = JSON.stringify(
    {
      name: 'Pond',
      type: 'private_supergroup',
      id: 1700000003,
      messages: Array.from({ length: BATCH * 2 }, (_, i) => msg(i + 1, T + i, 'A', 'user1', `t${i}`)),
    },
    null,
    1,
  );
  const bad = good.replace('"t900"', '"t900" oops');
  const d = join(tmp(), 'broken');
  mkdirSync(d);
  writeFileSync(join(d, 'result.json'), bad);
  const at = Buffer.byteLength(bad.slice(0, bad.indexOf('oops')));
  await assert.rejects(
    importSources(ctx, { paths: [d], readThread: 'worker' }),
    (e) => isAppError(e, 'IMPORT_INVALID_JSON') && e.message.includes(`byte ${at}`),
  );
  const count = (t: string): unknown => caseFile(ctx).prepare(`SELECT count(*) FROM ${t}`).pluck().get();
  for (const table of ['source', 'message', 'chat', 'actor', 'issue']) assert.equal(count(table), 0, table);
  await ctx.close();
});

test('a reading thread whose module cannot load says so on the hand-over port instead of leaving the reader waiting', async () => {
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(12);
  const w = startModuleWorker('no-such-module', import.meta.url, {
    workerData: { port: port2, signal },
    transferList: [port2],
  });
  const sig = new Int32Array(signal);
  assert.notEqual(Atomics.wait(sig, 0, 0, 60_000), 'timed-out');
  const got = receiveMessageOnPort(port1) as { message: { error: { message: string } } } | undefined;
  assert.match(got?.message.error.message ?? '', /did not start/);
  port1.close();
  await w.terminate();
});
