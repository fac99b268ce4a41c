// The network and countries API on ONE small demo case (and its PostgreSQL twin), through app.inject(): filters
// against a brute-force filter of the unfiltered graph, the GEXF of a selection, per-country counts against the
// CLI's `vigie actors --json` / `vigie targets --json` grouped by country; the case's own (undercover) accounts
// marked in actors, network nodes, search authors, the chat reader and countries, and one marked through the CLI
// after the analysis at once marked as media poster and never a target (last test: it writes the case).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildServer } from '../src/server/app.js';
import type { ActorProfileView, CountryDetail, NetworkView } from '../src/contracts/index.js';
import { openCase } from '../src/app/context.js';
import { runCli } from './helpers/cli.js';
import { DATABASES } from './helpers/databases.js';
import { caseSql } from './helpers/case-sql.js';
import { addPeople, demoCases, signIn } from './server-fixture.js';

const ready = (async () => {
  const { casesDir, cases } = await demoCases();
  await addPeople(casesDir, [{ name: 'analyst', role: 'analyst', cases: Object.values(cases) }]);
  const app = await buildServer({ casesDir });
  const cookie = await signIn(app, 'analyst');
  const get = async (db: string, rest: string) => {
    const r = await app.inject({ url: `/api/v1/cases/${cases[db as 'sqlite']}${rest}`, headers: { cookie } });
    assert.equal(r.statusCode, 200, `${rest}: ${r.body}`);
    return r;
  };
  const json = async <T>(db: string, rest: string) => (await get(db, rest)).json<T>();
  const cli = async (args: string[]): Promise<unknown> => {
    const r = await runCli(['--case', join(casesDir, cases.sqlite), '--json', ...args]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as unknown;
  };
  return { app, get, json, cli, casesDir, cases, full: await json<NetworkView>('sqlite', '/network') };
})();

after(async () => (await ready).app.close());

/** The GEXF's node ids and edges (source, target), and each edge's attributes by title. */
function parseGexf(xml: string): {
  nodes: string[];
  edges: [string, string][];
  attrs: Record<string, string>[];
} {
  assert.match(xml, /^<\?xml[^>]*\?>\s*<gexf /);
  const un = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const nodes = [...xml.matchAll(/<node id="([^"]*)"/g)].map((m) => un(m[1]!));
  const edges = [...xml.matchAll(/<edge [^>]*source="([^"]*)" target="([^"]*)"/g)].map(
    (m) => [un(m[1]!), un(m[2]!)] as [string, string],
  );
  const block = /<attributes class="edge">([\s\S]*?)<\/attributes>/.exec(xml)?.[1] ?? '';
  const titles = new Map(
    [...block.matchAll(/<attribute id="(\d+)" title="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
  );
  const attrs = [...xml.matchAll(/<edge [^>]*>(.*?)<\/edge>/g)].map((m) =>
    Object.fromEntries(
      [...m[1]!.matchAll(/<attvalue for="(\d+)" value="([^"]*)"\/>/g)].map((a) => [
        titles.get(a[1]!)!,
        a[2]!,
      ]),
    ),
  );
  return { nodes, edges, attrs };
}

/** The edges of a view as [source id, target id, kind, weight]. */
const edgesOf = (v: NetworkView) => v.edges.map(([s, t, k, w]) => [v.nodes[s]![0], v.nodes[t]![0], k, w]);

/** The unfiltered view cut to the given actor ids (nodes and the edges between them, as the server should). */
function cut(full: NetworkView, keep: Set<string>) {
  return {
    nodes: full.nodes.filter((n) => keep.has(n[0])),
    edges: edgesOf(full).filter(([s, t]) => keep.has(s as string) && keep.has(t as string)),
  };
}

test('the unfiltered network holds every analysed actor, sorted, with in-range edges; PostgreSQL answers the same', async () => {
  const { full, cli, json } = await ready;
  const actors = (await cli(['actors'])) as { id: string; community: number | null }[];
  assert.deepEqual(
    full.nodes.map((n) => n[0]),
    actors.map((a) => a.id).sort(),
  );
  assert.equal(full.selected, actors.length);
  assert.ok(full.edges.length > 0);
  for (const [s, t] of full.edges) assert.ok(s < full.nodes.length && t < full.nodes.length);
  if (DATABASES.includes('postgres')) assert.deepEqual(await json('postgres', '/network'), full);
});

test('community, chat and limit filters equal a brute-force cut of the unfiltered graph', async () => {
  const { full, json, get } = await ready;
  const community = full.communities[0]![0];
  const byCommunity = await json<NetworkView>('sqlite', `/network?community=${community}`);
  const want = new Set(full.nodes.filter((n) => n[2] === community).map((n) => n[0]));
  assert.ok(want.size > 0);
  assert.deepEqual({ nodes: byCommunity.nodes, edges: edgesOf(byCommunity) }, cut(full, want));
  // Members of a chat: the actors with a membership edge to it in the unfiltered GEXF.
  const gexf = parseGexf((await get('sqlite', '/network.gexf')).body);
  for (const [chat] of full.chats.slice(0, 3)) {
    const members = new Set(gexf.edges.filter(([, t]) => t === chat).map(([s]) => s));
    const v = await json<NetworkView>('sqlite', `/network?chat=${encodeURIComponent(chat)}`);
    assert.deepEqual({ nodes: v.nodes, edges: edgesOf(v) }, cut(full, members), chat);
  }
  const top = [...full.nodes].sort((a, b) => b[3] - a[3] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
  const limited = await json<NetworkView>('sqlite', '/network?limit=5');
  assert.deepEqual(
    { nodes: limited.nodes, edges: edgesOf(limited) },
    cut(full, new Set(top.map((n) => n[0]))),
  );
  assert.equal(limited.selected, full.nodes.length);
});

test('the status filter keeps the posters of media of that status: originators of its clusters included', async () => {
  const { full, json, cli } = await ready;
  const sizes: number[] = [];
  for (const status of ['new', 'known'] as const) {
    const media = (await cli(['media', `--${status}`])) as { originator: string | null }[];
    const v = await json<NetworkView>('sqlite', `/network?status=${status}`);
    const ids = new Set(v.nodes.map((n) => n[0]));
    for (const m of media) if (m.originator) assert.ok(ids.has(m.originator), `${status}: ${m.originator}`);
    assert.deepEqual({ nodes: v.nodes, edges: edgesOf(v) }, cut(full, ids));
    sizes.push(ids.size);
  }
  assert.ok(
    sizes.every((n) => n > 0 && n < full.nodes.length),
    `${sizes.join(', ')} of ${full.nodes.length}`,
  );
});

test('the GEXF holds exactly the selected actors, their chats and the interactions between them', async () => {
  const { full, json, get } = await ready;
  const community = full.communities[0]![0];
  const v = await json<NetworkView>('sqlite', `/network?community=${community}`);
  const r = await get('sqlite', `/network.gexf?community=${community}`);
  assert.match(String(r.headers['content-type']), /gexf/);
  assert.match(String(r.headers['content-disposition']), /attachment/);
  const g = parseGexf(r.body);
  const ids = new Set(v.nodes.map((n) => n[0]));
  const chats = new Set(full.chats.map((c) => c[0]));
  assert.deepEqual(
    g.nodes.filter((n) => !chats.has(n)),
    v.nodes.map((n) => n[0]),
  );
  const interactions = g.edges.filter(([s, t]) => ids.has(s) && ids.has(t));
  assert.deepEqual(
    interactions.map((e) => e.join(' ')).sort(),
    [...new Set(edgesOf(v).map(([s, t]) => `${s} ${t}`))].sort(),
  );
  assert.ok(g.edges.every(([s]) => ids.has(s)));
});

test('countries: per-country counts equal vigie actors / vigie targets grouped by country, on both databases', async () => {
  const { json, cli } = await ready;
  type Attr = { country: string | null; abstained: boolean; probability: number } | null;
  const actors = (await cli(['actors'])) as { id: string; attribution: Attr }[];
  const targets = (await cli(['targets'])) as { rank: number; actor: string; attribution: Attr }[];
  const count = new Map<string, { actors: number; targets: number }>();
  const row = (c: string) => count.get(c) ?? count.set(c, { actors: 0, targets: 0 }).get(c)!;
  let unattributed = 0;
  for (const a of actors)
    if (a.attribution && !a.attribution.abstained && a.attribution.country)
      row(a.attribution.country).actors++;
    else unattributed++;
  for (const t of targets)
    if (t.attribution && !t.attribution.abstained && t.attribution.country)
      row(t.attribution.country).targets++;
  const want = {
    items: [...count]
      .map(([country, r]) => ({ country, ...r }))
      .sort((a, b) => (a.country < b.country ? -1 : 1)),
    unattributed,
  };
  assert.ok(want.items.length > 1);
  for (const db of DATABASES) assert.deepEqual(await json(db, '/countries'), want, db);
  const cc = want.items[0]!.country;
  for (const db of DATABASES) {
    const d = await json<CountryDetail>(db, `/countries/${cc.toLowerCase()}`);
    assert.equal(d.country, cc);
    assert.deepEqual(
      d.actors.map((a) => a.id),
      actors.filter((a) => a.attribution?.country === cc && !a.attribution.abstained).map((a) => a.id),
    );
    const inCountry = (await cli(['targets', '--country', cc])) as { rank: number; actor: string }[];
    assert.deepEqual(
      d.targets.map((t) => [t.rank, t.actor]),
      inCountry.map((t) => [t.rank, t.actor]),
    );
    assert.ok(d.actors.every((a) => a.probability > 0 && a.probability <= 1));
  }
});

test('edge kinds: replies, mentions and reposts as vigie graph counts them, reposts split into forwards and re-uploads', async () => {
  const { full, get, casesDir } = await ready;
  const gexf = parseGexf((await get('sqlite', '/network.gexf')).body);
  const want = new Map<string, number>();
  gexf.edges.forEach(([s, t], i) => {
    const a = gexf.attrs[i]!;
    if (a['relation'] !== 'interaction') return;
    for (const [kind, attr] of [
      ['reply', 'replies'],
      ['mention', 'mentions'],
      ['reposts', 'reposts'],
    ])
      if (Number(a[attr!]) > 0) want.set(`${s} ${t} ${kind}`, Number(a[attr!]));
  });
  const got = new Map<string, number>();
  for (const [s, t, k, w] of edgesOf(full)) {
    const key = `${s} ${t} ${k === 'forward' || k === 'repost' ? 'reposts' : k}`;
    got.set(key, (got.get(key) ?? 0) + (w as number));
  }
  assert.deepEqual([...got].sort(), [...want].sort());
  // Forwards: the later copies, posted as a forward by someone else, of a cluster an actor originated.
  const ctx = await openCase(join(casesDir, 'case'), { readonly: true });
  const clusters = await ctx.store.analysis.clusters();
  await ctx.close();
  const forwards = new Map<string, number>();
  for (const c of clusters)
    for (const l of (c.details as { later?: { authorId: string | null; forwarded: boolean }[] }).later ?? [])
      if (c.originatorId && l.forwarded && l.authorId && l.authorId !== c.originatorId)
        forwards.set(
          `${l.authorId} ${c.originatorId}`,
          (forwards.get(`${l.authorId} ${c.originatorId}`) ?? 0) + 1,
        );
  const shown = edgesOf(full).filter((e) => e[2] === 'forward');
  assert.ok(shown.length > 0, 'the demo case has forwards');
  assert.deepEqual(shown.map(([s, t, , w]) => [`${s} ${t}`, w]).sort(), [...forwards].sort());
  assert.ok(edgesOf(full).some((e) => e[2] === 'repost'));
});

test('co-membership (on request): pairs of actors in the same group chat of at most 50, weighted by such chats', async () => {
  const { full, get, json } = await ready;
  assert.ok(!full.edges.some((e) => e[2] === 'co-membership'), 'off by default');
  const gexf = parseGexf((await get('sqlite', '/network.gexf')).body);
  const members = new Map<string, string[]>();
  gexf.edges.forEach(([s, t], i) => {
    if (gexf.attrs[i]!['relation'] === 'membership') members.set(t, [...(members.get(t) ?? []), s]);
  });
  const want = new Map<string, number>();
  for (const m of members.values()) {
    if (m.length > 50) continue;
    const ids = [...m].sort();
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++)
        want.set(`${ids[i]} ${ids[j]}`, (want.get(`${ids[i]} ${ids[j]}`) ?? 0) + 1);
  }
  assert.ok(want.size > 0);
  const v = await json<NetworkView>('sqlite', '/network?comembership=true');
  const co = edgesOf(v).filter((e) => e[2] === 'co-membership');
  assert.deepEqual(co.map(([s, t, , w]) => [`${s} ${t}`, w]).sort(), [...want].sort());
  assert.deepEqual(
    edgesOf(v).filter((e) => e[2] !== 'co-membership'),
    edgesOf(full),
  );
  // A filtered selection keeps the co-membership edges between its actors only.
  const community = full.communities[0]![0];
  const cv = await json<NetworkView>('sqlite', `/network?community=${community}&comembership=true`);
  const ids = new Set(cv.nodes.map((n) => n[0]));
  assert.deepEqual(
    edgesOf(cv).filter((e) => e[2] === 'co-membership'),
    co.filter(([s, t]) => ids.has(s as string) && ids.has(t as string)),
  );
});

/** Every item of a cursor-paginated listing. */
async function all<T>(db: string, path: string): Promise<T[]> {
  const { json } = await ready;
  const out: T[] = [];
  for (let cursor: string | null = ''; cursor !== null;) {
    const sep = path.includes('?') ? '&' : '?';
    const p: { items: T[]; nextCursor: string | null } = await json(
      db,
      `${path}${sep}limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
    );
    out.push(...p.items);
    cursor = p.nextCursor;
  }
  return out;
}

test('own undercover accounts: marked in actors, nodes, search, chat and countries; one marked later never a target', async () => {
  const { json, casesDir, cases } = await ready;
  const ctx = await openCase(join(casesDir, 'case'), { readonly: true });
  const own = new Set((await ctx.store.own.list()).keys());
  await ctx.close();
  assert.ok(own.size > 0, 'the demo imports name their collecting accounts');
  const [said] = (await caseSql(
    join(casesDir, 'case'),
    `SELECT chat_id, message_id, text FROM message WHERE author_id IN (${[...own].map(() => '?').join(',')})
       AND type = 'message' AND length(text) > 12 ORDER BY chat_id, message_id LIMIT 1`,
    ...own,
  )) as Array<{ chat_id: string; message_id: number; text: string }>;
  assert.ok(said, 'an own account wrote a message');
  const word = said.text.split(/[^\p{L}]+/u).sort((a, b) => b.length - a.length)[0]!;
  for (const db of DATABASES) {
    const actors = await all<{ id: string; undercover: boolean }>(db, '/actors');
    assert.deepEqual(
      actors.filter((a) => a.undercover).map((a) => a.id),
      actors.filter((a) => own.has(a.id)).map((a) => a.id),
    );
    assert.ok(actors.some((a) => a.undercover));
    const net = await json<NetworkView>(db, '/network');
    for (const n of net.nodes) assert.equal(n[6], own.has(n[0]), `node ${n[0]}`);
    const hits = await json<{ items: Array<{ author: string | null; authorUndercover: boolean }> }>(
      db,
      `/search?q=${encodeURIComponent(word)}&limit=1000`,
    );
    assert.ok(
      hits.items.some((h) => h.authorUndercover),
      `a hit of '${word}' by an own account`,
    );
    for (const h of hits.items) assert.equal(h.authorUndercover, own.has(h.author ?? ''), word);
    const page: { messages: Array<{ id: number; author: string | null; authorUndercover: boolean }> } =
      await json(
        db,
        `/chats/${encodeURIComponent(said.chat_id)}/timeline?around=${said.message_id}&limit=20`,
      );
    assert.equal(page.messages.find((m) => m.id === Number(said.message_id))?.authorUndercover, true);
    for (const m of page.messages) assert.equal(m.authorUndercover, own.has(m.author ?? ''));
  }
  // An actor who originated media and ranks as a target, marked through the CLI after the analysis.
  const clusters = await all<{ originator: string | null }>('sqlite', '/clusters');
  const originators = new Set(clusters.map((c) => c.originator));
  const targets = await all<{ actor: string; attribution: { country: string | null } | null }>(
    'sqlite',
    '/targets',
  );
  const pick = targets.find((t) => originators.has(t.actor) && t.attribution?.country);
  assert.ok(pick?.attribution?.country, 'a ranked, attributed originator');
  const id: string = pick.actor;
  const country: string = pick.attribution.country;
  for (const db of DATABASES) {
    const r = await runCli([
      '--case',
      join(casesDir, cases[db]),
      'actor',
      id,
      '--undercover',
      '--reason',
      'ours',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const left = await all<{ actor: string }>(db, '/targets');
    assert.equal(left.length, targets.length - 1);
    assert.ok(!left.some((t) => t.actor === id), 'never a target');
    const path = `/actors/${encodeURIComponent(id)}`;
    assert.equal((await json<{ undercover: boolean }>(db, path)).undercover, true);
    assert.equal((await json<ActorProfileView>(db, `${path}/profile`)).actor.undercover, true);
    const media = await all<{ originator: string | null; originatorUndercover: boolean }>(
      db,
      `/media?actor=${encodeURIComponent(id)}`,
    );
    assert.ok(media.some((m) => m.originator === id));
    for (const m of media)
      assert.equal(m.originatorUndercover, m.originator === id || own.has(m.originator ?? ''));
    const mine = (
      await all<{ originator: string | null; originatorUndercover: boolean }>(db, '/clusters')
    ).filter((c) => c.originator === id);
    assert.ok(mine.length > 0 && mine.every((c) => c.originatorUndercover));
    const node = (await json<NetworkView>(db, '/network')).nodes.find((n) => n[0] === id);
    assert.equal(node?.[6], true);
    const cc = await json<CountryDetail>(db, `/countries/${country}`);
    assert.equal(cc.actors.find((a) => a.id === id)?.undercover, true);
    assert.ok(!cc.targets.some((t) => t.actor === id));
  }
});
