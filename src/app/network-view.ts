import type { CaseContext } from './context.js';
import { buildGraphDoc } from './export-graph.js';
import { AppError } from '../domain/errors.js';
import type { GraphDoc } from '../formats/graph.js';

/** Filters of the network view (all optional; `limit` keeps the highest PageRank first). */
export interface NetworkFilters {
  readonly chat?: string | undefined;
  readonly community?: number | undefined;
  readonly status?: 'known' | 'new' | 'ignored' | undefined;
  readonly limit?: number | undefined;
}

/** An edge kind of the view: one per interaction count of `vigie analyse`. */
export type EdgeKind = 'reply' | 'mention' | 'repost';

/** The selected network: the GEXF-ready sub-document and the compact view. */
export interface NetworkSelection {
  /** The selected actors, the chats they are members of, and the edges between them (as `vigie graph`). */
  readonly doc: GraphDoc;
  readonly nodes: Array<[string, string, number | null, number, string | null, number | null]>;
  readonly edges: Array<[number, number, EdgeKind, number]>;
  readonly selected: number;
  readonly communities: Array<[number, number]>;
  readonly chats: Array<[string, string]>;
}

const KINDS: ReadonlyArray<[EdgeKind, string]> = [
  ['mention', 'mentions'],
  ['reply', 'replies'],
  ['repost', 'reposts'],
];

/** Actors who posted media of a cluster of this status (its originator and reposters). */
async function postersOf(deps: Pick<CaseContext, 'store'>, status: string): Promise<Set<string>> {
  const clusters = await deps.store.analysis.clusters(status);
  const out = new Set<string>();
  for (const c of clusters) {
    if (c.originatorId) out.add(c.originatorId);
    const d = c.details as { spread?: { reposters?: Array<{ actorId: string }> } } | null;
    for (const r of d?.spread?.reposters ?? []) out.add(r.actorId);
  }
  return out;
}

/** The actor network of the last analysis, filtered by chat, community and status of media posted. */
export async function networkView(
  deps: Pick<CaseContext, 'store' | 'info'>,
  filters: NetworkFilters,
): Promise<NetworkSelection> {
  const full = await buildGraphDoc(deps, deps.info.name);
  const actors = full.nodes.filter((n) => n.attrs['entity'] === 'actor');
  if (actors.length === 0)
    throw new AppError('NOT_FOUND', `no analysis in this case: run 'vigie analyse' first`);
  const { attributions, scores } = await deps.store.transaction(
    async (tx) => ({ attributions: await tx.triage.attributions(), scores: await tx.triage.scores() }),
    { readonly: true },
  );
  const rankOf = new Map(scores.map((s) => [s.actor, s.rank]));
  const membersOf = new Map<string, Set<string>>();
  for (const e of full.edges)
    if (e.attrs['relation'] === 'membership') {
      const m = membersOf.get(e.target) ?? new Set<string>();
      m.add(e.source);
      membersOf.set(e.target, m);
    }
  const posters = filters.status ? await postersOf(deps, filters.status) : null;
  const inChat = filters.chat !== undefined ? (membersOf.get(filters.chat) ?? new Set<string>()) : null;
  const picked = actors.filter(
    (n) =>
      (inChat === null || inChat.has(n.id)) &&
      (filters.community === undefined || n.attrs['community'] === filters.community) &&
      (posters === null || posters.has(n.id)),
  );
  const pr = (n: (typeof actors)[number]) => (n.attrs['pagerank'] as number | null) ?? 0;
  const kept = [...picked]
    .sort((a, b) => pr(b) - pr(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, filters.limit ?? picked.length)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
    for (const [kind, attr] of KINDS) {
      const w = e.attrs[attr];
      if (typeof w === 'number' && w > 0) edges.push([s, t, kind, w]);
    }
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
  const chatNodes = full.nodes.filter((n) => n.attrs['entity'] === 'chat');
  const sizes = new Map<number, number>();
  for (const n of actors) {
    const c = n.attrs['community'];
    if (typeof c === 'number') sizes.set(c, (sizes.get(c) ?? 0) + 1);
  }
  return {
    doc: {
      ...full,
      nodes: [...kept, ...chatNodes.filter((n) => chatIds.has(n.id))],
      edges: docEdges,
    },
    nodes: kept.map((n) => {
      const a = attributions.get(n.id);
      const c = n.attrs['community'];
      return [
        n.id,
        n.label,
        typeof c === 'number' ? c : null,
        pr(n),
        a && !a.abstained ? a.country : null,
        rankOf.get(n.id) ?? null,
      ];
    }),
    edges,
    selected: picked.length,
    communities: [...sizes].sort((a, b) => a[0] - b[0]),
    chats: chatNodes.map((n): [string, string] => [n.id, n.label]).sort((a, b) => (a[0] < b[0] ? -1 : 1)),
  };
}
