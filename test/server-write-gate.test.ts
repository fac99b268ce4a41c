import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCase } from '../src/app/init-case.js';
import { writeCase } from '../src/server/case-access.js';
import { isAppError } from '../src/domain/errors.js';

const person = { name: 'ana', role: 'analyst' as const };

test('server writes of one case take turns; while a job writes it, another write fails at once with CASE_BUSY', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-gate-')), 'case');
  await initCase({ dir, home: 'FR' });
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const inside = new Promise<void>((r) => (entered = r));
  const job = writeCase(
    dir,
    person,
    async () => {
      entered();
      await held;
      return 'job done';
    },
    { job: true },
  );
  await inside;
  await assert.rejects(
    writeCase(dir, person, async () => 'never'),
    (e: unknown) => isAppError(e) && e.code === 'CASE_BUSY' && /a job of this server/.test(e.message),
  );
  release();
  assert.equal(await job, 'job done');

  // Two short writes: the second waits for the first instead of blocking the event loop in SQLite's busy wait.
  const order: string[] = [];
  const a = writeCase(dir, person, async () => {
    order.push('a start');
    await new Promise((r) => setTimeout(r, 50));
    order.push('a end');
  });
  const b = writeCase(dir, person, async () => {
    order.push('b');
  });
  await Promise.all([a, b]);
  assert.deepEqual(order, ['a start', 'a end', 'b']);
});
