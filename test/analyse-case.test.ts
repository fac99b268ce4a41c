import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { openCase } from '../src/app/context.js';
import { analyseCase } from '../src/app/analyse-case.js';
import { listActors } from '../src/app/list-actors.js';
import { showActor } from '../src/app/show-actor.js';
import { exportGraph } from '../src/app/export-graph.js';
import { isAppError } from '../src/domain/errors.js';
import { fixtureCase, T0 } from './analyse-store-fixture.js';
import { DATABASES } from './helpers/databases.js';
import { TEST_STATE } from './helpers/cli.js';

void TEST_STATE;

for (const kind of DATABASES) {
  test(`[${kind}] analyse on a real case: clusters, first posters, actors, graph; re-runs replace results identically`, async () => {
    const { dir, root, m } = await fixtureCase(kind);
    const ctx = await openCase(dir);
    try {
      const statuses = new Map([
        [m.orig, 'new' as const],
        [m.reenc, 'new' as const],
        [m.known, 'known' as const],
        [m.other, 'new' as const],
      ]);
      const r1 = await analyseCase(ctx, { statuses });
      assert.equal(r1.clusters, 3);
      assert.deepEqual(r1.clustersByStatus, { known: 1, ignored: 0, new: 2, uncertain: 0, unhashed: 0 });
      const info = await ctx.store.analysis.clusterInfo();
      const o = info.get(m.orig)!;
      assert.equal(info.get(m.reenc)!.cluster, o.cluster, 're-encoded copy in its original’s cluster');
      assert.equal(o.originator, 'telegram:user1');
      assert.equal(o.firstSeen, new Date(T0).toISOString());
      assert.deepEqual(o.firstMessage, { chat: 'telegram:channel100', message: 1 });
      assert.equal(info.get(m.known)!.clusterStatus, 'known');
      assert.deepEqual([...(await ctx.store.analysis.clusterInfo([m.other])).keys()], [m.other]);
      const cl = await ctx.store.analysis.clusters('new');
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
      await ctx.store.transaction((tx) =>
        tx.triage.replaceAttributions(r1.runId, [
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
        ]),
      );
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

      const snapshot = async () => ({
        clusters: await ctx.store.analysis.clusters(),
        profiles: await ctx.store.analysis.profiles(),
        edges: await ctx.store.analysis.edges(),
      });
      const before = await snapshot();
      const r2 = await analyseCase(ctx, { statuses });
      assert.notEqual(r2.runId, r1.runId);
      assert.deepEqual(await snapshot(), before, 'a re-run gives the same derived data');
      assert.equal(await ctx.store.analysis.currentRun(), r2.runId);
      const runs = (await ctx.store.runs.list()).filter((r) => r.stage === 'analyse');
      assert.deepEqual(
        runs.map((r) => r.status),
        ['ok', 'ok'],
      );
      assert.equal(await ctx.store.audit.check(), null);
      assert.equal((await ctx.store.audit.list()).filter((e) => e.command === 'analyse').length, 2);

      const out = join(root, 'net.gexf');
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
      rmSync(root, { recursive: true, force: true });
    }
  });

  test(`[${kind}] per-item issues are recorded with the run, and the run is marked as finished with issues`, async () => {
    const { dir, root, m } = await fixtureCase(kind, {
      extra: (raw, fx) => {
        raw
          .prepare(
            `INSERT INTO message (chat_id, message_id, type, author_id, date_utc, version_hash, raw) VALUES ('telegram:channel200', 9, 'message', 'telegram:user4', NULL, 'v', '{}')`,
          )
          .run();
        raw
          .prepare(
            `INSERT INTO media_occurrence (chat_id, message_id, role, kind, sha256, path, source_id) VALUES ('telegram:channel200', 9, 'photo', 'photo', ?, 'p.jpg', 's2')`,
          )
          .run(fx.other);
      },
    });
    const ctx = await openCase(dir);
    try {
      const r = await analyseCase(ctx);
      assert.equal(r.issues, 1);
      const issues = await ctx.store.runs.issues(r.runId);
      assert.deepEqual(
        issues.map((i) => ({ code: i.code, file: i.file, location: i.location })),
        [{ code: 'OCCURRENCE_NO_DATE', file: 's2', location: 'telegram:channel200 message 9' }],
      );
      assert.equal((await ctx.store.runs.get(r.runId))?.status, 'issues');
      assert.equal(
        (await ctx.store.analysis.clusterInfo()).get(m.other)?.firstMessage?.chat,
        'telegram:channel100',
        'undated last',
      );
    } finally {
      await ctx.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
}
