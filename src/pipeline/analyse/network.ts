import { DirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import pagerankModule from 'graphology-metrics/centrality/pagerank.js';
import { betweenness, seededRng } from './betweenness.js';
import type { Interaction } from './interactions.js';
import { cmpStr, type MembershipInput, type MessageInput } from './types.js';

// These CommonJS packages declare `export default`; under NodeNext the default import is module.exports itself.
const louvain = cjsDefault(louvainModule);
const pagerank = cjsDefault(pagerankModule);

function cjsDefault<T>(m: { default: T }): T {
  return (m as { default?: T }).default ?? (m as unknown as T);
}

/** An aggregated actor → actor edge. */
export interface ActorEdge {
  readonly source: string;
  readonly target: string;
  readonly weight: number;
  readonly replies: number;
  readonly mentions: number;
  readonly reposts: number;
}

/** An actor–chat edge: memberships and posts. */
export interface ChatEdge {
  readonly actorId: string;
  readonly chatId: string;
  readonly kinds: readonly string[];
  readonly posts: number;
}

/** Centrality and community of one actor. */
export interface ActorMetrics {
  readonly community: number;
  readonly pagerank: number;
  readonly betweenness: number;
}

/** The actor network with its metrics. */
export interface NetworkResult {
  readonly actorEdges: readonly ActorEdge[];
  readonly chatEdges: readonly ChatEdge[];
  readonly metrics: ReadonlyMap<string, ActorMetrics>;
  readonly communities: number;
  readonly modularity: number;
  /** Number of sampled sources when betweenness was approximated, else null (exact). */
  readonly betweennessSampled: number | null;
}

/** Options of the network stage. */
export interface NetworkOptions {
  readonly seed?: number;
  readonly betweennessSources?: number;
}

/** Build the actor–actor graph and actor–chat edges; Louvain communities, PageRank and betweenness, seeded. */
export function analyseNetwork(
  actorIds: readonly string[],
  interactions: readonly Interaction[],
  memberships: readonly MembershipInput[],
  messages: readonly MessageInput[],
  opts: NetworkOptions = {},
): NetworkResult {
  const seed = opts.seed ?? 20260101;
  const ids = [...new Set([...actorIds, ...interactions.flatMap((i) => [i.from, i.to])])].sort(cmpStr);
  const edges = new Map<
    string,
    { source: string; target: string; replies: number; mentions: number; reposts: number }
  >();
  for (const i of interactions) {
    const k = `${i.from}\u0000${i.to}`;
    const e = edges.get(k) ?? { source: i.from, target: i.to, replies: 0, mentions: 0, reposts: 0 };
    if (i.kind === 'reply') e.replies++;
    else if (i.kind === 'mention') e.mentions++;
    else e.reposts++;
    edges.set(k, e);
  }
  const actorEdges = [...edges.values()]
    .map((e) => ({ ...e, weight: e.replies + e.mentions + e.reposts }))
    .sort((a, b) => cmpStr(a.source, b.source) || cmpStr(a.target, b.target));
  const g = new DirectedGraph();
  for (const id of ids) g.addNode(id);
  for (const e of actorEdges) g.addDirectedEdge(e.source, e.target, { weight: e.weight });
  const raw = g.size > 0 ? louvain.detailed(g, { getEdgeWeight: 'weight', rng: seededRng(seed) }) : null;
  const community = relabel(ids, raw?.communities ?? {});
  const pr = g.order > 0 ? pagerank(g, { getEdgeWeight: 'weight' }) : {};
  const index = new Map(ids.map((id, i) => [id, i]));
  const adjacency: number[][] = ids.map(() => []);
  for (const e of actorEdges) adjacency[index.get(e.source)!]!.push(index.get(e.target)!);
  const bc = betweenness(ids.length, adjacency, { maxSources: opts.betweennessSources ?? 500, seed });
  const metrics = new Map<string, ActorMetrics>();
  ids.forEach((id, i) =>
    metrics.set(id, { community: community.get(id)!, pagerank: pr[id] ?? 0, betweenness: bc.values[i]! }),
  );
  return {
    actorEdges,
    chatEdges: chatEdges(memberships, messages),
    metrics,
    communities: new Set(community.values()).size,
    modularity: raw?.modularity ?? 0,
    betweennessSampled: bc.sampled,
  };
}

/** Renumber communities 1..k by size (largest first), ties by smallest member id; isolated actors get their own. */
function relabel(ids: readonly string[], raw: Readonly<Record<string, number>>): Map<string, number> {
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const key = id in raw ? `c${raw[id]}` : `solo:${id}`;
    const g = groups.get(key);
    if (g) g.push(id);
    else groups.set(key, [id]);
  }
  const ordered = [...groups.values()].sort((a, b) => b.length - a.length || cmpStr(a[0]!, b[0]!));
  const out = new Map<string, number>();
  ordered.forEach((members, i) => members.forEach((m) => out.set(m, i + 1)));
  return out;
}

function chatEdges(memberships: readonly MembershipInput[], messages: readonly MessageInput[]): ChatEdge[] {
  const m = new Map<string, { actorId: string; chatId: string; kinds: Set<string>; posts: number }>();
  const get = (actorId: string, chatId: string) => {
    const k = `${actorId}\u0000${chatId}`;
    let e = m.get(k);
    if (!e) m.set(k, (e = { actorId, chatId, kinds: new Set(), posts: 0 }));
    return e;
  };
  for (const ms of memberships) get(ms.actorId, ms.chatId).kinds.add(ms.kind);
  for (const msg of messages)
    if (msg.authorId !== null && msg.type === 'message') get(msg.authorId, msg.chatId).posts++;
  return [...m.values()]
    .map((e) => ({ actorId: e.actorId, chatId: e.chatId, kinds: [...e.kinds].sort(cmpStr), posts: e.posts }))
    .sort((a, b) => cmpStr(a.actorId, b.actorId) || cmpStr(a.chatId, b.chatId));
}
