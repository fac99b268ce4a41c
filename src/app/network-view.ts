import type { CaseContext } from './context.js';
import { buildGraphDoc } from './export-graph.js';
import { AppError } from '../domain/errors.js';
import { toGexf, type GraphDoc } from '../formats/graph.js';
import type { ClusterRow } from '../store/analysis.js';
import { ownAccountIds } from './own-account-ids.js';

/** Filters of the network view (all optional; `limit` keeps the highest PageRank first). */
export interface NetworkFilters {
  readonly chat?: string | undefined;
  readonly community?: number | undefined;
  readonly status?: 'known' | 'new' | 'ignored' | undefined;
  readonly limit?: number | undefined;
  /** Add co-membership edges (two actors in the same small group chat). */
  readonly comembership?: boolean | undefined;
}

/** An edge kind of the view: the interactions of `vigie analyse`, reposts split into forwards and re-uploads. */
export type EdgeKind = 'reply' | 'mention' | 'forward' | 'repost' | 'co-membership';

/** Group chats with more members than this give no co-membership edges (a large group says little about a tie). */
export const COMEMBERSHIP_MAX_MEMBERS = 50;

/** The selected network: the GEXF-ready sub-document and the compact view. */
export interface NetworkSelection {
  /** The selected actors, the chats they are members of, and the edges between them (as `vigie graph`). */
  readonly doc: GraphDoc;
  /** [id, label, community, PageRank, country, target rank, own (undercover) account]. */
  readonly nodes: Array<[string, string, number | null, number, string | null, number | null, boolean]>;
  readonly edges: Array<[number, number, EdgeKind, number]>;
  readonly selected: number;
  readonly communities: Array<[number, number]>;
  readonly chats: Array<[string, string]>;
}

type Node = GraphDoc['nodes'][number];

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** By cluster status, the actors who posted media of such a cluster (its originator and reposters). */
function postersByStatus(clusters: readonly ClusterRow[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of clusters) {
    const set = out.get(c.status) ?? out.set(c.status, new Set<string>()).get(c.status)!;
    if (c.originatorId) set.add(c.originatorId);
    const d = c.details as { spread?: { reposters?: Array<{ actorId: string }> } } | null;
    for (const r of d?.spread?.reposters ?? []) set.add(r.actorId);
  }
  return out;
}

/** Per `poster originator` pair, how many of the poster's later copies of the originator's media were forwards. */
function forwardsOf(clusters: readonly ClusterRow[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of clusters) {
    if (!c.originatorId || c.reposters === 0) continue;
    const d = c.details as { later?: Array<{ authorId: string | null; forwarded?: boolean }> } | null;
    for (const l of d?.later ?? [])
      if (l.forwarded && l.authorId !== null && l.authorId !== c.originatorId) {
        const k = `${l.authorId} ${c.originatorId}`;
        out.set(k, (out.get(k) ?? 0) + 1);
      }
  }
  return out;
}

/** Actor ids by group chat, from the membership edges of the graph document. */
function membersByChat(full: GraphDoc): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of full.edges)
    if (e.attrs['relation'] === 'membership') {
      const m = out.get(e.target) ?? new Set<string>();
      m.add(e.source);
      out.set(e.target, m);
    }
  return out;
}

/** Undirected co-membership edges [lower index, higher index, shared small groups] among the kept actors. */
function coMembership(
  members: Map<string, Set<string>>,
  index: Map<string, number>,
): NetworkSelection['edges'] {
  const shared = new Map<number, number>();
  const n = index.size;
  for (const m of members.values()) {
    if (m.size < 2 || m.size > COMEMBERSHIP_MAX_MEMBERS) continue;
    const idx = [...m].flatMap((id) => (index.has(id) ? [index.get(id)!] : [])).sort((a, b) => a - b);
    for (let i = 0; i < idx.length; i++)
      for (let j = i + 1; j < idx.length; j++) {
        const k = idx[i]! * n + idx[j]!;
        shared.set(k, (shared.get(k) ?? 0) + 1);
      }
  }
  return [...shared].map(([k, w]) => [Math.floor(k / n), k % n, 'co-membership', w]);
}

/** What every selection of one analysis shares, read once. */
interface Base {
  readonly full: GraphDoc;
  readonly actors: Node[];
  readonly membersOf: Map<string, Set<string>>;
  readonly posters: Map<string, Set<string>>;
  readonly forwards: Map<string, number>;
  readonly countryOf: Map<string, string | null>;
  readonly rankOf: Map<string, number>;
  readonly communities: Array<[number, number]>;
  readonly chatNodes: Node[];
}

/** The base of the last read per store (a server keeps a read-only case open), with the runs it was read after. */
const bases = new WeakMap<object, { key: string; base: Promise<Base> }>();

/** Read (or reuse, when no pipeline run started or finished since) the analysis the network view filters. */
async function baseOf(deps: Pick<CaseContext, 'store' | 'info'>): Promise<Base> {
  const runs = await deps.store.runs.list();
  const last = runs.at(-1);
  const key = `${runs.length} ${last?.id ?? ''} ${last?.status ?? ''} ${last?.finished_at ?? ''}`;
  const hit = bases.get(deps.store);
  if (hit?.key === key) return hit.base;
  const base = readBase(deps);
  bases.set(deps.store, { key, base });
  base.catch(() => bases.delete(deps.store));
  return base;
}

/** Read the analysis, attributions, scores and clusters the network view needs. */
async function readBase(deps: Pick<CaseContext, 'store' | 'info'>): Promise<Base> {
  const full = await buildGraphDoc(deps, deps.info.name);
  const actors = full.nodes.filter((n) => n.attrs['entity'] === 'actor');
  // buildGraphDoc has already answered NOT_ANALYSED for a case not analysed: here it was, and found no actors.
  if (actors.length === 0) throw new AppError('NOT_FOUND', 'the analysis of this case has no actors');
  const { attributions, scores, clusters } = await deps.store.transaction(
    async (tx) => ({
      attributions: await tx.triage.attributions(),
      scores: await tx.triage.scores(),
      clusters: await tx.analysis.clusters(),
    }),
    { readonly: true },
  );
  const sizes = new Map<number, number>();
  for (const n of actors) {
    const c = n.attrs['community'];
    if (typeof c === 'number') sizes.set(c, (sizes.get(c) ?? 0) + 1);
  }
  return {
    full,
    actors,
    membersOf: membersByChat(full),
    posters: postersByStatus(clusters),
    forwards: forwardsOf(clusters),
    countryOf: new Map([...attributions].map(([id, a]) => [id, a.abstained ? null : a.country])),
    rankOf: new Map(scores.map((s) => [s.actor, s.rank])),
    communities: [...sizes].sort((a, b) => a[0] - b[0]),
    chatNodes: full.nodes.filter((n) => n.attrs['entity'] === 'chat'),
  };
}

/** The actor network of the last analysis, filtered by chat, community and status of media posted. */
export async function networkView(
  deps: Pick<CaseContext, 'store' | 'info'>,
  filters: NetworkFilters,
): Promise<NetworkSelection> {
  const {
    full,
    actors,
    membersOf,
    posters: byStatus,
    forwards,
    countryOf,
    rankOf,
    communities,
    chatNodes,
  } = await baseOf(deps);
  const own = await ownAccountIds(deps.store);
  const posters = filters.status ? (byStatus.get(filters.status) ?? new Set<string>()) : null;
  const inChat = filters.chat !== undefined ? (membersOf.get(filters.chat) ?? new Set<string>()) : null;
  const picked = actors.filter(
    (n) =>
      (inChat === null || inChat.has(n.id)) &&
      (filters.community === undefined || n.attrs['community'] === filters.community) &&
      (posters === null || posters.has(n.id)),
  );
  const pr = (n: Node) => (n.attrs['pagerank'] as number | null) ?? 0;
  const kept = [...picked]
    .sort((a, b) => pr(b) - pr(a) || cmp(a.id, b.id))
    .slice(0, filters.limit ?? picked.length)
    .sort((a, b) => cmp(a.id, b.id));
  const index = new Map(kept.map((n, i) => [n.id, i]));
  const edges: NetworkSelection['edges'] = [];
  const docEdges: Array<GraphDoc['edges'][number]> = [];
  const chatIds = new Set<string>();
  for (const e of full.edges) {
    const s = index.get(e.source);
    if (s === undefined) continue;
    if (e.attrs['relation'] === 'membership') {
      chatIds.add(e.target);
      docEdges.push(e);
      continue;
    }
    const t = index.get(e.target);
    if (t === undefined) continue;
    docEdges.push(e);
    const count = (k: string) => (typeof e.attrs[k] === 'number' ? (e.attrs[k] as number) : 0);
    const reposts = count('reposts');
    const fwd = Math.min(reposts, forwards.get(`${e.source} ${e.target}`) ?? 0);
    const kinds: Array<[EdgeKind, number]> = [
      ['reply', count('replies')],
      ['mention', count('mentions')],
      ['forward', fwd],
      ['repost', reposts - fwd],
    ];
    for (const [kind, w] of kinds) if (w > 0) edges.push([s, t, kind, w]);
  }
  if (filters.comembership) edges.push(...coMembership(membersOf, index));
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1] || cmp(a[2], b[2]));
  return {
    doc: { ...full, nodes: [...kept, ...chatNodes.filter((n) => chatIds.has(n.id))], edges: docEdges },
    nodes: kept.map((n) => {
      const c = n.attrs['community'];
      return [
        n.id,
        n.label,
        typeof c === 'number' ? c : null,
        pr(n),
        countryOf.get(n.id) ?? null,
        rankOf.get(n.id) ?? null,
        own.has(n.id),
      ];
    }),
    edges,
    selected: picked.length,
    communities,
    chats: chatNodes.map((n): [string, string] => [n.id, n.label]).sort((a, b) => cmp(a[0], b[0])),
  };
}

/** The GEXF (as `vigie graph --format gexf` writes it) of what the filters select; co-membership is in its memberships. */
export async function networkGexf(
  deps: Pick<CaseContext, 'store' | 'info'>,
  filters: NetworkFilters,
): Promise<string> {
  return toGexf((await networkView(deps, { ...filters, comembership: false })).doc);
}
