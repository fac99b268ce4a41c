import * as z from 'zod';
import { CaseParams, ROLE_SETS } from './common.js';
import type { RouteContract } from './route.js';

/**
 * The kinds of actor → actor edges the network view draws: replies, mentions, forwards and re-uploads ("repost")
 * of media another actor posted first, and co-membership of a small group chat (undirected, on request).
 */
export const NetworkEdgeKind = z.enum(['reply', 'mention', 'forward', 'repost', 'co-membership']);
/** The kinds of actor → actor edges the network view draws. */
export type NetworkEdgeKind = z.infer<typeof NetworkEdgeKind>;

/** `?chat&community&status&limit` of the network: members of a chat, of a community, posters of media of a status. */
export const NetworkQuery = z.object({
  chat: z.string().min(1).max(200).optional(),
  community: z.coerce.number().int().min(0).optional(),
  status: z.enum(['known', 'new', 'ignored']).optional(),
  /** At most this many actors, highest PageRank first (ties by id). */
  limit: z.coerce.number().int().min(1).max(200_000).default(50_000),
  /** `true` adds co-membership edges: two actors in the same group chat of at most 50 members (weight: such chats). */
  comembership: z.enum(['true', 'false']).optional(),
});
/** The network's filters. */
export type NetworkQuery = z.infer<typeof NetworkQuery>;

/** One actor: [id, label, community, PageRank, attributed country (alpha-2), target rank, own undercover account]. */
export const NetworkNode = z.tuple([
  z.string(),
  z.string(),
  z.number().nullable(),
  z.number(),
  z.string().nullable(),
  z.number().nullable(),
  z.boolean(),
]);
/** One edge: [source node index, target node index, kind, weight (count of that kind)]. */
export const NetworkEdge = z.tuple([z.number().int(), z.number().int(), NetworkEdgeKind, z.number()]);

/** The selected actor network, compact: nodes by id, edges by node index, sorted (source, target, kind). */
export const NetworkView = z.object({
  nodes: z.array(NetworkNode),
  edges: z.array(NetworkEdge),
  /** Actors the filters select before `limit`. */
  selected: z.number().int(),
  /** Every community of the analysis: [community, actors], by community. */
  communities: z.array(z.tuple([z.number(), z.number().int()])),
  /** Group chats with members in the graph: [id, title], by id. */
  chats: z.array(z.tuple([z.string(), z.string()])),
});
/** The selected actor network. */
export type NetworkView = z.infer<typeof NetworkView>;

/** The actor network view's routes. */
export const NETWORK_ROUTES = [
  {
    id: 'network.get',
    method: 'GET',
    path: '/api/v1/cases/{case}/network',
    summary: 'The actor network of the last analysis, filtered by chat, community and status of media posted',
    caseScoped: true,
    params: CaseParams,
    roles: ROLE_SETS.targetReaders,
    query: NetworkQuery,
    response: NetworkView,
  },
  {
    id: 'network.gexf',
    method: 'GET',
    path: '/api/v1/cases/{case}/network.gexf',
    summary: 'The GEXF of what the network filters select (as vigie graph --format gexf writes it)',
    caseScoped: true,
    params: CaseParams,
    roles: ROLE_SETS.targetReaders,
    query: NetworkQuery,
    response: 'bytes',
  },
] as const satisfies readonly RouteContract[];
