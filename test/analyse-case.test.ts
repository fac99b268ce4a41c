import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { analyseCase } from '../src/app/analyse-case.js';
import { listActors } from '../src/app/list-actors.js';
import { showActor } from '../src/app/show-actor.js';
import { exportGraph } from '../src/app/export-graph.js';
import { clusterInfoBySha256, listClusters } from '../src/store/analysis.js';
import { checkAuditChain } from '../src/store/audit.js';
import { replaceAttributions } from '../src/store/attribution.js';
import { isAppError } from '../src/domain/errors.js';
import { populate, T0 } from './analyse-store-fixture.js';

test('analyse on a real SQLite case: clusters, first posters, actors, graph; re-runs replace results identically', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-analyse-')), 'c');
  await initCase({ dir, name: 'Op Test' });
  const ctx = await openCase(dir);
  try {
    const m = populate(ctx.db.raw);
    const statuses = new Map([
      [m.orig, 'new' as const],
      [m.reenc, 'new' as const],
      [m.known, 'known' as const],
      [m.other, 'new' as const],
    ]);
    const r1 = await analyseCase(ctx, { statuses });
    assert.equal(r1.clusters, 3);
    assert.deepEqual(r1.clustersByStatus, { known: 1, ignored: 0, new: 2, unhashed: 0 });
    const info = clusterInfoBySha256(ctx.db.raw);
    const o = info.get(m.orig)!;
    assert.equal(info.get(m.reenc)!.cluster, o.cluster, 're-encoded copy in its original’s cluster');
    assert.equal(o.originator, 'telegram:user1');
    assert.equal(o.firstSeen, new Date(T0).toISOString());
    assert.deepEqual(o.firstMessage, { chat: 'telegram:channel100', message: 1 });
    assert.equal(info.get(m.known)!.clusterStatus, 'known');
    assert.deepEqual([...clusterInfoBySha256(ctx.db.raw, [m.other]).keys()], [m.other]);
    const cl = listClusters(ctx.db.raw, 'new');
    assert.equal(cl[0]!.id, o.cluster, 'the first-posted cluster leads the new-content view');
    const actors = await listActors(ctx);
    assert.deepEqual(
      actors.map((a) => a.id),
      ['telegram:user1', 'telegram:user2', 'telegram:user3', 'telegram:user4'],
    );
    for (const a of actors)
      for (const f of [
        'id',
        'names',
        'chats',
        'messages',
        'newClustersOriginated',
        'community',
        'pagerank',
        'attribution',
      ])
        assert.ok(f in a, `${a.id} has ${f}`);
    replaceAttributions(ctx.db.raw, r1.runId, [
      {
        actor: 'telegram:user1',
        country: 'FR',
        probability: 0.9,
        abstained: false,
        reason: null,
        candidates: [{ country: 'FR', probability: 0.9 }],
        origin: null,
        evidence: [],
      },
    ]);
    const withAttr = await listActors(ctx);
    assert.equal((withAttr[0]!.attribution as { country: string }).country, 'FR');
    assert.equal(withAttr[1]!.attribution, null);
    const one = await showActor(ctx, { id: 'user1' });
    assert.equal((one.attribution as { country: string }).country, 'FR');
    assert.deepEqual(one.names, ['Old One', 'New One']);
    assert.equal(one.newClustersOriginated, 1);
    assert.equal(one['repliesReceived'], 1);
    assert.equal((one['hourly'] as number[])[8], 1);
    const two = await showActor(ctx, { id: 'telegram:user2' });
    assert.equal(two['reposts'], 1);
    assert.equal(two['mentionsGiven'], 1);
    await assert.rejects(showActor(ctx, { id: 'telegram:user999' }), (e) => isAppError(e, 'NOT_FOUND'));

    const snapshot = () => ({
      clusters: ctx.db.raw.prepare('SELECT * FROM cluster ORDER BY id').all().map(noRun),
      profiles: ctx.db.raw.prepare('SELECT * FROM actor_profile ORDER BY actor_id').all().map(noRun),
      edges: ctx.db.raw.prepare('SELECT * FROM network_edge ORDER BY source, target, kind').all().map(noRun),
    });
    const before = snapshot();
    const r2 = await analyseCase(ctx, { statuses });
    assert.notEqual(r2.runId, r1.runId);
    assert.deepEqual(snapshot(), before, 'a re-run gives the same derived data');
    const runs = ctx.db.raw.prepare(`SELECT status FROM pipeline_run WHERE stage = 'analyse'`).all();
    assert.equal(runs.length, 2);
    assert.equal(checkAuditChain(ctx.db.raw), null);
    assert.equal(
      (
        ctx.db.raw.prepare(`SELECT COUNT(*) AS n FROM audit_event WHERE command = 'analyse'`).get() as {
          n: number;
        }
      ).n,
      2,
    );

    const out = join(dir, '..', 'net.gexf');
    const g = await exportGraph(ctx, { format: 'gexf', out });
    assert.equal(g.nodes, 6);
    const ids: string[] = [];
    const p = new SaxesParser();
    p.on('opentag', (t) => void (t.name === 'node' && ids.push(String(t.attributes['id']))));
    p.write(readFileSync(out, 'utf8')).close();
    assert.equal(ids.length, 6);
    assert.equal(new Set(ids).size, 6, 'node ids are unique (a personal chat is not a second node)');
    await assert.rejects(exportGraph(ctx, { format: 'dot', out }), (e) => isAppError(e, 'USAGE'));
  } finally {
    await ctx.close();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});

function noRun(row: unknown): unknown {
  const { run_id: _r, ...rest } = row as Record<string, unknown>;
  return rest;
}

test('per-item issues are recorded with the run, and the run is marked as finished with issues', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-analyse-')), 'c');
  await initCase({ dir });
  const ctx = await openCase(dir);
  try {
    const m = populate(ctx.db.raw);
    ctx.db.raw
      .prepare(
        `INSERT INTO message (chat_id, message_id, type, author_id, date_utc, version_hash, raw) VALUES ('telegram:channel200', 9, 'message', 'telegram:user4', NULL, 'v', '{}')`,
      )
      .run();
    ctx.db.raw
      .prepare(
        `INSERT INTO media_occurrence (chat_id, message_id, role, kind, sha256, path, source_id) VALUES ('telegram:channel200', 9, 'photo', 'photo', ?, 'p.jpg', 's2')`,
      )
      .run(m.other);
    const r = await analyseCase(ctx);
    assert.equal(r.issues, 1);
    const rows = ctx.db.raw.prepare('SELECT code, file, location FROM issue WHERE run_id = ?').all(r.runId);
    assert.deepEqual(rows, [
      { code: 'OCCURRENCE_NO_DATE', file: 's2', location: 'telegram:channel200 message 9' },
    ]);
    const run = ctx.db.raw.prepare('SELECT status FROM pipeline_run WHERE id = ?').get(r.runId) as {
      status: string;
    };
    assert.equal(run.status, 'issues');
    assert.equal(
      clusterInfoBySha256(ctx.db.raw).get(m.other)?.firstMessage?.chat,
      'telegram:channel100',
      'undated last',
    );
  } finally {
    await ctx.close();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});
