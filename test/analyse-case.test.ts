import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import type Database from 'better-sqlite3';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { analyseCase } from '../src/app/analyse-case.js';
import { listActors } from '../src/app/list-actors.js';
import { showActor } from '../src/app/show-actor.js';
import { exportGraph } from '../src/app/export-graph.js';
import { clusterInfoBySha256, listClusters } from '../src/store/analysis.js';
import { checkAuditChain } from '../src/store/audit.js';
import { isAppError } from '../src/domain/errors.js';
import { seededRng } from '../src/pipeline/analyse/betweenness.js';
import { runCli } from './helpers/cli.js';
import { flipBits, randomPdq, sha, someBits } from './analyse-fixtures.js';

const T0 = Date.UTC(2026, 0, 10, 8);
const H = 3_600_000;

/** A small case written by direct SQL: two chats, four users, an original, a re-encoded copy, a forward, a known image. */
function populate(raw: Database.Database): { orig: string; reenc: string; known: string; other: string } {
  const rng = seededRng(11);
  const pdq = randomPdq(rng);
  const m = { orig: sha('orig'), reenc: sha('reenc'), known: sha('known'), other: sha('other') };
  const ins = (sql: string, ...args: unknown[]) => raw.prepare(sql).run(...args);
  raw.transaction(() => {
    for (const s of ['s1', 's2'])
      ins(
        `INSERT INTO source (id, kind, sha256, original_path, imported_at, tool_version) VALUES (?, 'telegram-json', ?, ?, '2026-01-01T00:00:00Z', 't')`,
        s,
        sha(s),
        `/x/${s}`,
      );
    for (const c of ['telegram:channel100', 'telegram:channel200', 'telegram:user3'])
      ins(
        `INSERT INTO chat (id, platform, type, title) VALUES (?, 'telegram', 'private_supergroup', ?)`,
        c,
        `Chat ${c.slice(-3)}`,
      );
    for (const [u, names] of [
      ['telegram:user1', ['Old One', 'New One']],
      ['telegram:user2', ['Two']],
      ['telegram:user3', ['Three']],
      ['telegram:user4', ['Four']],
    ] as const) {
      ins(`INSERT INTO actor (id, platform, kind) VALUES (?, 'telegram', 'user')`, u);
      names.forEach((n, i) =>
        ins(
          `INSERT INTO actor_name (actor_id, name, first_seen, last_seen, source_id) VALUES (?, ?, ?, ?, ?)`,
          u,
          n,
          T0 + i * H,
          T0 + i * H,
          `s${i + 1}`,
        ),
      );
    }
    const msg = (
      chat: string,
      id: number,
      author: string,
      t: number,
      extra: { text?: string; reply?: number; fwd?: string } = {},
    ) =>
      ins(
        `INSERT INTO message (chat_id, message_id, type, author_id, date_utc, text, reply_to, forwarded_from, version_hash, raw) VALUES (?, ?, 'message', ?, ?, ?, ?, ?, 'v', '{}')`,
        chat,
        id,
        author,
        t,
        extra.text ?? null,
        extra.reply ?? null,
        extra.fwd ?? null,
      );
    const A = 'telegram:channel100';
    const B = 'telegram:channel200';
    msg(A, 1, 'telegram:user1', T0, { text: 'new set' });
    msg(A, 2, 'telegram:user2', T0 + H, { reply: 1, text: 'thanks @Three' });
    msg(B, 1, 'telegram:user2', T0 + 2 * H, { fwd: 'New One' });
    msg(B, 2, 'telegram:user3', T0 + 3 * H);
    msg(B, 3, 'telegram:user4', T0 - H);
    msg(A, 3, 'telegram:user3', T0 + 5 * H);
    msg('telegram:user3', 1, 'telegram:user1', T0 + 4 * H); // a personal chat: its id is the peer's id
    for (const v of Object.values(m))
      ins(`INSERT INTO media (sha256, kind, size) VALUES (?, 'photo', 100)`, v);
    const occ = (chat: string, id: number, h: string, src = 's1') =>
      ins(
        `INSERT INTO media_occurrence (chat_id, message_id, role, kind, sha256, path, source_id) VALUES (?, ?, 'photo', 'photo', ?, 'p.jpg', ?)`,
        chat,
        id,
        h,
        src,
      );
    occ(A, 1, m.orig);
    occ(A, 1, m.orig, 's2');
    occ(B, 1, m.orig);
    occ(B, 2, m.reenc);
    occ(B, 3, m.known);
    occ(A, 3, m.other);
    const sig = (h: string, v: string) =>
      ins(
        `INSERT INTO signal (sha256, type, convention, value, quality) VALUES (?, 'pdq', 'full', ?, 100)`,
        h,
        v,
      );
    for (const h of Object.values(m))
      ins(`INSERT INTO signal (sha256, type, convention, value) VALUES (?, 'sha256', '', ?)`, h, h);
    ins(
      `INSERT INTO hash_list (name, role, format, version, source_id, entries, created_at, updated_at) VALUES ('L', 'alert', 'text', 1, 's1', 1, 'x', 'x')`,
    );
    ins(
      `INSERT INTO hash_list_entry (id, list_name, version, signal_type, value, position) VALUES (1, 'L', 1, 'sha256', ?, '1')`,
      m.known,
    );
    ins(
      `INSERT INTO match (sha256, entry_id, list_name, signal_type, distance) VALUES (?, 1, 'L', 'sha256', 0)`,
      m.known,
    );
    sig(m.orig, pdq);
    sig(m.reenc, flipBits(pdq, someBits(rng, 14)));
    sig(m.known, randomPdq(rng));
    sig(m.other, randomPdq(rng));
    ins(
      `INSERT INTO membership (id, actor_id, chat_id, kind, at, source_id) VALUES ('m1', 'telegram:user4', ?, 'join', ?, 's1')`,
      A,
      T0 - 2 * H,
    );
  })();
  return m;
}

test('analyse on a real SQLite case: clusters, first posters, actors, graph; re-runs replace results identically', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-analyse-')), 'c');
  await initCase({ dir, name: 'Op Test' });
  const ctx = openCase(dir);
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
    const one = await showActor(ctx, { id: 'user1' });
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
    ctx.close();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});

function noRun(row: unknown): unknown {
  const { run_id: _r, ...rest } = row as Record<string, unknown>;
  return rest;
}

test('the CLI: analyse --lexicon, actors --json, actor ID --json, graph --format graphml', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-analyse-')), 'c');
  await initCase({ dir });
  const ctx = openCase(dir);
  populate(ctx.db.raw);
  ctx.close();
  const lex = join(dir, '..', 'lexicon.txt');
  writeFileSync(lex, '# agency terms\nnew set\n');
  const a = await runCli(['--case', dir, '--json', 'analyse', '--lexicon', lex]);
  assert.equal(a.code, 0, a.stderr);
  const rep = JSON.parse(a.stdout) as {
    clusters: number;
    lexiconTerms: number;
    topNew: Array<{ score: number }>;
  };
  assert.equal(rep.clusters, 3);
  assert.equal(rep.lexiconTerms, 1);
  assert.equal(rep.topNew[0]!.score, 5, 'first post + lexicon term');
  const list = JSON.parse((await runCli(['--case', dir, '--json', 'actors'])).stdout) as Array<{
    id: string;
  }>;
  assert.equal(list.length, 4);
  const one = await runCli(['--case', dir, '--json', 'actor', 'telegram:user1']);
  assert.equal((JSON.parse(one.stdout) as { names: string[] }).names.length, 2);
  const missing = await runCli(['--case', dir, 'actor', 'telegram:user77']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^NOT_FOUND: /);
  const out = join(dir, '..', 'net.graphml');
  const g = await runCli(['--case', dir, 'graph', '--format', 'graphml', '--out', out]);
  assert.equal(g.code, 0, g.stderr);
  assert.match(readFileSync(out, 'utf8'), /<graphml /);
  const bad = await runCli(['--case', dir, 'analyse', '--lexicon', join(dir, 'nope.txt')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^FILE_NOT_FOUND: .*nope\.txt/);
  rmSync(join(dir, '..'), { recursive: true, force: true });
});
