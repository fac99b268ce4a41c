import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SaxesParser } from 'saxes';
import { runAnalysis, type AnalysisInput } from '../src/pipeline/analyse/analyse.js';
import { analyseNetwork } from '../src/pipeline/analyse/network.js';
import { betweenness, seededRng } from '../src/pipeline/analyse/betweenness.js';
import type { Interaction } from '../src/pipeline/analyse/interactions.js';
import { toGexf, toGraphml, type GraphDoc } from '../src/formats/graph.js';
import { msg, occ, sha } from './analyse-fixtures.js';

const H = 3_600_000;
const u = (n: number): string => `telegram:user${n}`;

function smallCase(): AnalysisInput {
  const [A, B] = [sha('pic1'), sha('pic2')];
  return {
    media: [A, B],
    occurrences: [
      occ({ sha256: A, messageId: 1, authorId: u(1), dateUtc: 1 * H }),
      occ({ sha256: A, chatId: 'telegram:channel2', messageId: 1, authorId: u(2), dateUtc: 2 * H }),
      occ({ sha256: B, messageId: 3, authorId: u(2), dateUtc: 3 * H }),
    ],
    signals: [],
    statuses: new Map([
      [A, 'new' as const],
      [B, 'known' as const],
    ]),
    messages: [
      msg({ messageId: 1, authorId: u(1), dateUtc: 1 * H }),
      msg({ messageId: 2, authorId: u(2), dateUtc: 1 * H + 60_000, replyTo: 1, text: 'hi @alice_x' }),
      msg({ messageId: 3, authorId: u(2), dateUtc: 3 * H }),
      msg({
        messageId: 4,
        authorId: u(3),
        dateUtc: 23 * H,
        entities: [{ type: 'mention_name', text: 'Bob', user_id: 2 }],
      }),
      msg({ messageId: 5, authorId: u(3), dateUtc: 23 * H, type: 'service' }),
      msg({ chatId: 'telegram:channel2', messageId: 1, authorId: u(2), dateUtc: 2 * H }),
    ],
    actors: [1, 2, 3].map((n) => ({ id: u(n), kind: 'user' })),
    names: [
      { actorId: u(1), name: 'Alice Old', firstSeen: 0, lastSeen: H, sourceId: 's1' },
      { actorId: u(1), name: 'alice_x', firstSeen: 2 * H, lastSeen: 9 * H, sourceId: 's2' },
      { actorId: u(1), name: 'alice_x', firstSeen: H, lastSeen: 3 * H, sourceId: 's1' },
      { actorId: u(2), name: 'Bob', firstSeen: 0, lastSeen: 0, sourceId: 's1' },
    ],
    memberships: [{ actorId: u(3), chatId: 'telegram:channel3', kind: 'join', at: 30 * H }],
  };
}

test('actor profiles: alias history, chats, first/last seen, media by status, originated, reposts, replies, hourly', () => {
  const r = runAnalysis(smallCase());
  const [a1, a2, a3] = r.profiles;
  assert.deepEqual(a1!.names, ['Alice Old', 'alice_x'], 'renames in order of first appearance');
  assert.deepEqual(a1!.aliases[1], {
    name: 'alice_x',
    firstSeen: '1970-01-01T01:00:00.000Z',
    lastSeen: '1970-01-01T09:00:00.000Z',
    sources: ['s1', 's2'],
  });
  assert.equal(a1!.newClustersOriginated, 1);
  assert.equal(a1!.repliesReceived, 1);
  assert.equal(a1!.mentionsReceived, 1, '@alice_x resolves to the one actor with that name');
  assert.deepEqual(a2!.chats, ['telegram:channel1', 'telegram:channel2']);
  assert.equal(a2!.messages, 3);
  assert.deepEqual(a2!.media, { known: 1, ignored: 0, new: 1, uncertain: 0, unhashed: 0 });
  assert.equal(a2!.reposts, 1);
  assert.equal(a2!.repliesGiven, 1);
  assert.equal(a2!.mentionsReceived, 1, 'mention_name by user id');
  assert.equal(a3!.messages, 1, 'service messages are not counted as messages');
  assert.equal(a3!.hourly[23], 1);
  assert.equal(a3!.lastSeen, '1970-01-02T06:00:00.000Z', 'membership events count as seen');
  assert.deepEqual(a3!.chats, ['telegram:channel1', 'telegram:channel3']);
  const e = r.network.actorEdges.find((x) => x.source === u(2) && x.target === u(1))!;
  assert.deepEqual([e.replies, e.mentions, e.reposts, e.weight], [1, 1, 1, 3]);
});

function twoCliques(): { ids: string[]; interactions: Interaction[] } {
  const ids = Array.from({ length: 12 }, (_, i) => u(i + 1));
  const interactions: Interaction[] = [];
  const link = (a: number, b: number) =>
    interactions.push({
      from: ids[a]!,
      to: ids[b]!,
      kind: 'reply',
      chatId: 'c',
      messageId: interactions.length,
    });
  for (const base of [0, 6])
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) if (i !== j) link(base + i, base + j);
  link(5, 6);
  return { ids, interactions };
}

test('Louvain communities are deterministic and find two cliques; the bridge has the highest betweenness', () => {
  const { ids, interactions } = twoCliques();
  const a = analyseNetwork(ids, interactions, [], []);
  const b = analyseNetwork([...ids].reverse(), [...interactions].reverse(), [], []);
  assert.deepEqual([...a.metrics], [...b.metrics]);
  assert.equal(a.communities, 2);
  assert.equal(a.metrics.get(ids[0]!)!.community, a.metrics.get(ids[5]!)!.community);
  assert.notEqual(a.metrics.get(ids[0]!)!.community, a.metrics.get(ids[6]!)!.community);
  const pr = [...a.metrics.values()].reduce((s, m) => s + m.pagerank, 0);
  assert.ok(Math.abs(pr - 1) < 1e-6);
  const top = [...a.metrics].sort((x, y) => y[1].betweenness - x[1].betweenness)[0]![0];
  assert.ok(top === ids[5] || top === ids[6]);
});

test('sampled betweenness is seeded: same seed, same values; exact when sources cover the graph', () => {
  const adj = [[1], [2], [3], [0, 2], []];
  const exact = betweenness(5, adj);
  assert.equal(exact.sampled, null);
  const s1 = betweenness(5, adj, { maxSources: 3, seed: 9 });
  const s2 = betweenness(5, adj, { maxSources: 3, seed: 9 });
  assert.equal(s1.sampled, 3);
  assert.deepEqual(s1.values, s2.values);
});

function parseXml(xml: string): { elements: Map<string, number>; attrs: Array<Record<string, string>> } {
  const parser = new SaxesParser();
  const elements = new Map<string, number>();
  const attrs: Array<Record<string, string>> = [];
  parser.on('opentag', (t) => {
    elements.set(t.name, (elements.get(t.name) ?? 0) + 1);
    attrs.push(Object.fromEntries(Object.entries(t.attributes).map(([k, v]) => [k, String(v)])));
  });
  parser.on('error', (e) => {
    throw e;
  });
  parser.write(xml).close();
  return { elements, attrs };
}

test('GEXF and GraphML are well-formed XML with escaped names and typed attributes', () => {
  const nasty = 'A & <B> "C" \'D\' \u0001\u0007 é 🙂';
  const doc: GraphDoc = {
    description: 'test & check',
    nodes: [
      {
        id: u(1),
        label: nasty,
        attrs: { type: 'actor', community: 1, pagerank: 0.5, bot: false, missing: null },
      },
      { id: 'telegram:channel1', label: 'Chat <1>', attrs: { type: 'chat' } },
    ],
    edges: [
      {
        source: u(1),
        target: 'telegram:channel1',
        label: 'membership',
        weight: 2,
        attrs: { kinds: 'join post' },
      },
    ],
  };
  const gexf = parseXml(toGexf(doc));
  assert.equal(gexf.elements.get('node'), 2);
  assert.equal(gexf.elements.get('edge'), 1);
  assert.equal(gexf.elements.get('attribute'), 5);
  const node = gexf.attrs.find((a) => a['id'] === u(1))!;
  assert.equal(node['label'], 'A & <B> "C" \'D\'  é 🙂');
  const gml = parseXml(toGraphml(doc));
  assert.equal(gml.elements.get('node'), 2);
  assert.ok(gml.attrs.some((a) => a['attr.name'] === 'weight' && a['for'] === 'edge'));
});

test('exact betweenness equals graphology-metrics on a random directed graph', async () => {
  const { DirectedGraph } = await import('graphology');
  const mod = await import('graphology-metrics/centrality/betweenness.js');
  const lib = ((mod as { default: unknown }).default ?? mod) as (
    g: unknown,
    o: object,
  ) => Record<string, number>;
  const rng = seededRng(12);
  const n = 120;
  const g = new DirectedGraph();
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) g.addNode(String(i));
  for (let k = 0; k < 400; k++) {
    const a = Math.floor(rng() * n);
    const b = Math.floor(rng() * n);
    if (a === b || g.hasEdge(String(a), String(b))) continue;
    g.addDirectedEdge(String(a), String(b));
    adj[a]!.push(b);
  }
  const ours = betweenness(n, adj);
  const want = lib(g, { normalized: true, getEdgeWeight: null });
  for (let i = 0; i < n; i++) assert.ok(Math.abs(ours.values[i]! - want[String(i)]!) < 1e-12, `node ${i}`);
});

test('replies to a service message (a forum topic root) are not interactions; cross-chat replies resolve', () => {
  const input = smallCase();
  const messages = [
    ...input.messages,
    msg({ chatId: 'telegram:channel9', messageId: 1, authorId: u(3), type: 'service' }),
    msg({ chatId: 'telegram:channel9', messageId: 2, authorId: u(1), replyTo: 1 }),
    msg({
      chatId: 'telegram:channel9',
      messageId: 3,
      authorId: u(3),
      replyTo: 1,
      replyToPeer: 'telegram:channel1',
    }),
  ];
  const r = runAnalysis({ ...input, messages });
  const a3 = r.profiles.find((p) => p.id === u(3))!;
  const a1 = r.profiles.find((p) => p.id === u(1))!;
  assert.equal(a3.repliesReceived, 0);
  assert.equal(a3.repliesGiven, 1, 'reply into telegram:channel1 message 1 (by user1)');
  assert.equal(a1.repliesReceived, 2);
});

test('graph attribute types: integers, doubles, declared types, and GraphML int keys', () => {
  const doc: GraphDoc = {
    description: 'types',
    types: { score: 'double' },
    nodes: [
      { id: 'a', label: 'a', attrs: { community: 1, score: 0, mixed: 1 } },
      { id: 'b', label: 'b', attrs: { community: 2, score: 0, mixed: 1.5 } },
    ],
    edges: [],
  };
  const gexf = toGexf(doc);
  assert.match(gexf, /title="community" type="integer"/);
  assert.match(gexf, /title="score" type="double"/);
  assert.match(gexf, /title="mixed" type="double"/);
  assert.match(toGraphml(doc), /attr.name="community" attr.type="int"/);
});
