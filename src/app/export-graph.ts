import { renameSync, writeFileSync } from 'node:fs';
import type { CaseContext } from './context.js';
import { requireAnalysis } from './require-analysis.js';
import { AppError } from '../domain/errors.js';
import { toGexf, toGraphml, type AttrValue, type GraphDoc } from '../formats/graph.js';

/** Graph file formats `vigie graph` writes. */
export type GraphFormat = 'gexf' | 'graphml';

/** Build the actor–actor and actor–chat graph of the last analysis as a plain document. */
export async function buildGraphDoc(deps: Pick<CaseContext, 'store'>, caseName: string): Promise<GraphDoc> {
  const { edges, profiles, chats } = await deps.store.transaction(
    async (tx) => ({
      edges: await tx.analysis.edges(),
      profiles: await tx.analysis.profiles(),
      chats: await tx.analysis.chatLabels(),
    }),
    { readonly: true },
  );
  if (profiles.length === 0) await requireAnalysis(deps.store);
  const nodes: Array<GraphDoc['nodes'][number]> = profiles.map((a) => {
    const p = a.profile as { names?: string[]; kind?: string };
    return {
      id: a.actorId,
      label: p.names?.at(-1) ?? a.actorId,
      attrs: {
        entity: 'actor',
        kind: p.kind ?? null,
        community: a.community,
        pagerank: a.pagerank,
        betweenness: a.betweenness,
        messages: a.messages,
        newClustersOriginated: a.newClustersOriginated,
      },
    };
  });
  // A personal chat's id is its peer's id (telegram:user…): it is not a separate node, and memberships of
  // personal chats are left out (the interactions between the two actors are already actor→actor edges).
  const actorIds = new Set(nodes.map((n) => n.id));
  const chatIds = new Set(edges.filter((e) => e.kind === 'membership').map((e) => e.target));
  for (const c of chats)
    if (chatIds.has(c.id) && !actorIds.has(c.id))
      nodes.push({ id: c.id, label: c.title ?? c.id, attrs: { entity: 'chat', kind: c.type } });
  const known = new Set(nodes.map((n) => n.id));
  return {
    description: `Vigie actor network of case ${caseName}: actor→actor interactions (replies, mentions, reposts) and actor→chat memberships`,
    types: { pagerank: 'double', betweenness: 'double', weight: 'double' },
    nodes,
    edges: edges
      .filter(
        (e) =>
          known.has(e.source) && known.has(e.target) && (e.kind === 'interaction' || !actorIds.has(e.target)),
      )
      .map((e) => {
        const d = e.details as Record<string, number | string[]>;
        const attrs: Record<string, AttrValue> =
          e.kind === 'interaction'
            ? {
                relation: 'interaction',
                replies: d['replies'] as number,
                mentions: d['mentions'] as number,
                reposts: d['reposts'] as number,
              }
            : {
                relation: 'membership',
                kinds: ((d['kinds'] as string[] | undefined) ?? []).join(' '),
                posts: d['posts'] as number,
              };
        return { source: e.source, target: e.target, label: e.kind, weight: e.weight, attrs };
      }),
  };
}

/** Write the network as GEXF or GraphML to `out` (atomically); fails when the case was never analysed. */
export async function exportGraph(
  deps: Pick<CaseContext, 'store' | 'info'>,
  input: { format: string; out: string },
): Promise<{ format: GraphFormat; out: string; nodes: number; edges: number }> {
  if (input.format !== 'gexf' && input.format !== 'graphml')
    throw new AppError('USAGE', `--format: expected gexf or graphml, got '${input.format}'`);
  const doc = await buildGraphDoc(deps, deps.info.name);
  // buildGraphDoc has already answered NOT_ANALYSED for a case not analysed: here it was, and found no actors.
  if (doc.nodes.length === 0) throw new AppError('NOT_FOUND', 'the analysis of this case has no actors');
  const text = input.format === 'gexf' ? toGexf(doc) : toGraphml(doc);
  const tmp = `${input.out}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text, 'utf8');
    renameSync(tmp, input.out);
  } catch (e) {
    throw new AppError('FILE_NOT_FOUND', `${input.out}: cannot write: ${(e as Error).message}`);
  }
  return { format: input.format, out: input.out, nodes: doc.nodes.length, edges: doc.edges.length };
}
