// The PostgreSQL job queue under `vigie hash --jobs` / `vigie worker` (pg-boss in `<schema>_jobs`): enqueuing the
// same work twice adds nothing, a job whose worker died is handed out again after its expiry, counts by state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_STATE } from './helpers/cli.js';
import { databaseUrl, DATABASES } from './helpers/databases.js';
import { initCase } from '../src/app/init-case.js';
import { casePaths, readCaseInfo } from '../src/store/case-folder.js';
import { openJobQueue, HASH_QUEUE, type JobQueue } from '../src/store/postgres/jobs.js';

void TEST_STATE;
const skip = DATABASES.includes('postgres') ? false : 'no PostgreSQL server under test';
interface Data {
  runId: string;
  items: string[];
}

async function queueOfNewCase(): Promise<JobQueue> {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-jobs-')), 'c');
  await initCase({ dir, database: databaseUrl('postgres') });
  const db = readCaseInfo(casePaths(dir)).database!;
  return openJobQueue({ url: db.url, schema: db.schema });
}

/** One job per pair of items not held by an open job. */
const plan =
  (runId: string, items: string[]) =>
  (open: readonly Data[]): Promise<{ key: string; data: Data }[]> => {
    const held = new Set(open.flatMap((d) => d.items));
    const todo = items.filter((i) => !held.has(i));
    const out = [];
    for (let i = 0; i < todo.length; i += 2) {
      const part = todo.slice(i, i + 2);
      out.push({ key: part.join(','), data: { runId, items: part } });
    }
    return Promise.resolve(out);
  };

test(
  '[postgres] enqueuing the same work twice adds no job; counts follow take, complete and fail',
  { skip },
  async () => {
    const q = await queueOfNewCase();
    try {
      const opts = { expireInSeconds: 60, retryLimit: 0 };
      assert.equal(await q.enqueue(HASH_QUEUE, plan('r1', ['a', 'b', 'c', 'd', 'e']), opts), 3);
      assert.equal(await q.enqueue(HASH_QUEUE, plan('r1', ['a', 'b', 'c', 'd', 'e']), opts), 0, 'held items');
      // Even a plan that ignores what open jobs hold cannot duplicate a job: the key fixes the job's id.
      assert.equal(
        await q.enqueue(
          HASH_QUEUE,
          () => Promise.resolve([{ key: 'a,b', data: { runId: 'r1', items: ['a', 'b'] } }]),
          opts,
        ),
        0,
      );
      assert.equal(await q.enqueue(HASH_QUEUE, plan('r2', ['a', 'f']), opts), 1, 'only f is new');
      assert.deepEqual(await q.counts(HASH_QUEUE), {
        queued: 4,
        active: 0,
        completed: 0,
        failed: 0,
        retried: 0,
      });
      const j1 = await q.take<Data>(HASH_QUEUE);
      const j2 = await q.take<Data>(HASH_QUEUE);
      assert.ok(j1 && j2);
      assert.notEqual(j1.id, j2.id);
      assert.deepEqual(await q.counts(HASH_QUEUE), {
        queued: 2,
        active: 2,
        completed: 0,
        failed: 0,
        retried: 0,
      });
      await q.complete(HASH_QUEUE, j1.id, { hashed: 2 });
      await q.fail(HASH_QUEUE, j2.id, 'unreadable');
      assert.deepEqual(await q.counts(HASH_QUEUE), {
        queued: 2,
        active: 0,
        completed: 1,
        failed: 1,
        retried: 0,
      });
      assert.deepEqual(await q.counts(HASH_QUEUE, { field: 'runId', value: 'r2' }), {
        queued: 1,
        active: 0,
        completed: 0,
        failed: 0,
        retried: 0,
      });
      const done = (await q.jobsOf<Data>(HASH_QUEUE, 'runId', 'r1')).filter((j) => j.state === 'completed');
      assert.deepEqual(
        done.map((j) => [j.data.items, j.output]),
        [[j1.data.items, { hashed: 2 }]],
      );
    } finally {
      await q.close();
    }
  },
);

test('[postgres] a job whose worker died is handed out again after its expiry', { skip }, async () => {
  const q = await queueOfNewCase();
  try {
    await q.enqueue(HASH_QUEUE, plan('r1', ['a', 'b']), { expireInSeconds: 1, retryLimit: 2 });
    const taken = await q.take<Data>(HASH_QUEUE);
    assert.ok(taken);
    assert.equal(taken.retryCount, 0);
    assert.equal(await q.take<Data>(HASH_QUEUE), null, 'the only job is taken');
    await q.expire();
    assert.equal(await q.take<Data>(HASH_QUEUE), null, 'not expired yet: its worker may be alive');
    await new Promise((r) => setTimeout(r, 1500));
    await q.expire();
    const again = await q.take<Data>(HASH_QUEUE);
    assert.ok(again, 'the abandoned job is back');
    assert.equal(again.id, taken.id);
    assert.equal(again.retryCount, 1);
    assert.deepEqual(again.data, taken.data);
    await q.complete(HASH_QUEUE, again.id, {});
    assert.deepEqual(await q.counts(HASH_QUEUE), {
      queued: 0,
      active: 0,
      completed: 1,
      failed: 0,
      retried: 1,
    });
  } finally {
    await q.close();
  }
});
