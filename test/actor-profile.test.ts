// The actor page's facts (`GET …/actors/{id}/profile`, app/actor-profile.ts) on the shared small demo case: against
// `vigie actor ID --json` and `vigie targets --json` (the CLI), against the store's own rows (names per source,
// edges), the same on SQLite and PostgreSQL; every ledger item naming a message resolves to a message of that chat;
// the spread of each cluster originated starts with the cluster's first post.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './helpers/cli.js';
import { builtCase, copyOfBuiltCase } from './helpers/built-case.js';
import { DATABASES, type TestDatabase } from './helpers/databases.js';
import { caseSql } from './helpers/case-sql.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { actorProfile } from '../src/app/actor-profile.js';
import { clusterSpread } from '../src/app/cluster-spread.js';
import { chatMessagesAround } from '../src/app/search-chat-context.js';
import { ActorProfileView, ClusterSpread } from '../src/contracts/investigation.js';

const TOP = 4;

async function cliJson<T>(dir: string, args: string[]): Promise<T> {
  const r = await runCli(['--case', dir, ...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}

const dirs = new Map<TestDatabase, string>();
const profiles = new Map<TestDatabase, ActorProfileView[]>();
let ids: string[] = [];

before(async () => {
  const shared = await builtCase('demo-small');
  for (const db of DATABASES)
    dirs.set(db, db === 'sqlite' ? shared.caseDir : (await copyOfBuiltCase('demo-small', db)).caseDir);
  const targets = await cliJson<Array<{ actor: string }>>(shared.caseDir, [
    'targets',
    '--limit',
    String(TOP),
  ]);
  ids = targets.map((t) => t.actor);
  assert.equal(ids.length, TOP);
});

for (const db of DATABASES)
  describe(`[${db}] actor page`, () => {
    let ctx: CaseContext;
    before(async () => {
      ctx = await openCase(dirs.get(db)!, { readonly: true });
      const out: ActorProfileView[] = [];
      for (const id of ids) out.push(ActorProfileView.parse(await actorProfile(ctx, { id })));
      profiles.set(db, out);
    });
    after(async () => ctx.close());

    test('the profile carries vigie actor --json as it is, and its figures agree with it', async () => {
      for (const p of profiles.get(db)!) {
        const cli = await cliJson<Record<string, unknown>>(dirs.get(db)!, ['actor', p.actor.id]);
        assert.deepEqual(JSON.parse(JSON.stringify(p.actor)), cli, p.actor.id);
        const hourly = cli['hourly'] as number[];
        for (let h = 0; h < 24; h++)
          assert.equal(
            p.heatmap.utc.reduce((s, row) => s + row[h]!, 0),
            hourly[h],
            `${p.actor.id}: UTC hour ${h} of the heatmap = the profile's hourly count`,
          );
        const total = (g: number[][]) => g.flat().reduce((s, n) => s + n, 0);
        if (p.heatmap.local) assert.equal(total(p.heatmap.local), total(p.heatmap.utc), 'the same messages');
        assert.deepEqual(p.media.byStatus, cli['media'], `${p.actor.id}: media by status`);
        assert.equal(
          p.media.byCategory.reduce((s, c) => s + c.count, 0),
          Object.values(p.media.byStatus).reduce((s, n) => s + n, 0),
        );
        assert.deepEqual(
          p.clusters
            .filter((c) => c.status === 'new')
            .map((c) => c.id)
            .sort(),
          [...(cli['newClusters'] as string[])].sort(),
          `${p.actor.id}: new clusters originated`,
        );
        assert.equal(
          p.chats.reduce((s, c) => s + c.messages, 0),
          cli['messages'],
          'messages per chat add up',
        );
        for (const c of cli['chats'] as string[])
          assert.ok(
            p.chats.some((x) => x.chat === c),
            c,
          );
      }
    });

    test('names per source and neighbours are the store rows; score is the targets listing', async () => {
      const targets = await cliJson<Array<{ actor: string; rank: number; factors: unknown[] }>>(
        dirs.get(db)!,
        ['targets', '--limit', String(TOP)],
      );
      for (const p of profiles.get(db)!) {
        const rows = await caseSql(
          dirs.get(db)!,
          'SELECT name, source_id FROM actor_name WHERE actor_id = ?',
          p.actor.id,
        );
        assert.deepEqual(
          p.names.map((n) => `${n.name}|${n.source}`).sort(),
          rows.map((r) => `${String(r['name'])}|${String(r['source_id'])}`).sort(),
        );
        const edges = await caseSql(
          dirs.get(db)!,
          "SELECT source, target FROM network_edge WHERE kind = 'interaction' AND (source = ? OR target = ?)",
          p.actor.id,
          p.actor.id,
        );
        const others = new Set(edges.map((e) => (e['source'] === p.actor.id ? e['target'] : e['source'])));
        for (const n of p.neighbours) assert.ok(others.has(n.actor), `${n.actor} is a neighbour`);
        assert.equal(p.neighbours.length, Math.min(others.size, 12));
        const t = targets.find((x) => x.actor === p.actor.id)!;
        assert.deepEqual(p.score, { rank: t.rank, total: p.score!.total, factors: t.factors });
      }
    });

    test('the ledger is the attribution evidence; each message it names is a message of that chat', async () => {
      let messages = 0;
      for (const p of profiles.get(db)!) {
        const ev = (p.actor.attribution as { evidence?: unknown[] } | null)?.evidence ?? [];
        assert.equal(p.ledger.length, ev.length);
        for (const [i, l] of p.ledger.entries()) {
          const e = ev[i] as { signal: string; value: string; likelihoodRatio: number };
          assert.deepEqual([l.signal, l.value, l.likelihoodRatio], [e.signal, e.value, e.likelihoodRatio]);
          const refs =
            l.source.kind === 'message' ? [l.source] : l.source.kind === 'messages' ? l.source.sample : [];
          for (const m of refs) {
            const around = await chatMessagesAround(ctx, { chat: m.chat, around: m.message, limit: 1 });
            assert.ok(
              around.messages.some((x) => x.id === m.message),
              `${m.chat} #${m.message} in the chat`,
            );
            messages++;
          }
          if (l.source.kind === 'returnRow') assert.ok(l.source.row, 'the return row is joined in');
        }
      }
      assert.ok(messages > 0, 'some ledger items name messages');
    });

    test('each cluster originated spreads from its first post, variants by PDQ distance', async () => {
      for (const p of profiles.get(db)!)
        for (const c of p.clusters.slice(0, 3)) {
          const s = ClusterSpread.parse(await clusterSpread(ctx, { cluster: c.id }));
          assert.equal(s.posts.length, c.occurrences, `${c.id}: every post`);
          const firsts = s.posts.filter((x) => x.how === 'first');
          assert.equal(firsts.length, 1);
          assert.deepEqual({ chat: firsts[0]!.chat, message: firsts[0]!.message }, c.firstMessage);
          assert.equal(firsts[0]!.poster, p.actor.id);
          assert.equal(s.variants.length, c.members);
          assert.equal(s.variants[0]!.sha256, c.firstSha256);
          const d = s.variants.map((v) => v.distance ?? Infinity);
          assert.deepEqual(
            d,
            [...d].sort((a, b) => a - b),
          );
        }
    });
  });

test('the actor page is the same on SQLite and PostgreSQL', { skip: DATABASES.length < 2 }, () => {
  assert.deepEqual(profiles.get('postgres'), profiles.get('sqlite'));
});
