import * as z from 'zod';
import { CaseParams, page, PageQuery, ROLE_SETS } from './common.js';
import type { RouteContract } from './route.js';
import { CategorySuggestion, DecisionView } from './triage.js';

/** A media status. */
export const MediaStatus = z.enum(['known', 'new', 'ignored', 'unhashed', 'uncertain']);

/** One match of a media, as `vigie media --json` summarises it. */
export const MediaMatch = z.object({
  list: z.string(),
  signalType: z.string(),
  value: z.string(),
  category: z.string().nullable(),
  scheme: z.string().nullable(),
  distance: z.number(),
  queryPercent: z.number().optional(),
  comparePercent: z.number().optional(),
  frameSeconds: z.number().optional(),
});

/** One media of `vigie media --json`. */
export const MediaItem = z.object({
  sha256: z.string(),
  md5: z.string().nullable(),
  pdq: z.string().nullable(),
  kind: z.string(),
  status: MediaStatus,
  matches: z.array(MediaMatch),
  occurrences: z.number(),
  cluster: z.string().nullable(),
  firstSeen: z.string().nullable(),
  originator: z.string().nullable(),
  /** The first poster (`originator`) is one of the case's own (undercover) accounts (issue 19). */
  originatorUndercover: z.boolean(),
  firstMessage: z.object({ chat: z.string(), message: z.number() }).nullable(),
  /** `uncertain` media: why (PDQ quality under the threshold, no exact match); absent otherwise. */
  uncertain: z
    .object({ quality: z.number().nullable(), threshold: z.number(), reason: z.string() })
    .optional(),
  vpdq: z.object({ convention: z.string(), frames: z.number() }).optional(),
  production: z
    .object({
      assessment: z.enum(['likely', 'possible', 'unlikely']),
      score: z.number(),
      signals: z.array(z.unknown()),
    })
    .optional(),
  decision: DecisionView.nullable(),
  suggestions: z.array(CategorySuggestion),
});
/** One media of `vigie media --json`. */
export type MediaItem = z.infer<typeof MediaItem>;

/** `vigie media SHA256 --json`: the item, why it has its status, and where it occurs. */
export const MediaDetail = MediaItem.extend({
  why: z.array(
    z.object({
      list: z.string(),
      role: z.string(),
      listVersion: z.number(),
      source: z.object({ id: z.string(), sha256: z.string(), path: z.string() }),
      entry: z.object({
        id: z.number(),
        recordId: z.string().nullable(),
        line: z.number().nullable(),
        position: z.string().nullable(),
        series: z.string().nullable(),
      }),
      signalType: z.string(),
      value: z.string(),
      category: z.string().nullable(),
      scheme: z.string().nullable(),
      distance: z.number(),
      variant: z.string(),
      convention: z.string(),
      runId: z.string().nullable(),
      segments: z.array(z.unknown()).optional(),
    }),
  ),
  occurrenceList: z.array(
    z.object({
      chat_id: z.string(),
      message_id: z.number(),
      role: z.string(),
      path: z.string(),
      source_id: z.string(),
      /** camelCase twins of the three snake_case keys (added, never renamed: the workbench reads those). */
      chatId: z.string(),
      messageId: z.number(),
      sourceId: z.string(),
    }),
  ),
});

/** An actor of `vigie actors --json` (the full profile for `vigie actor ID --json`; more fields allowed). */
export const ActorItem = z.looseObject({
  id: z.string(),
  names: z.array(z.string()),
  chats: z.array(z.string()),
  messages: z.number(),
  newClustersOriginated: z.number(),
  community: z.number().nullable(),
  pagerank: z.number().nullable(),
  betweenness: z.number().nullable(),
  attribution: z.unknown(),
  /** One of the case's own (collecting, undercover) accounts: marked everywhere, never a target (issue 19). */
  undercover: z.boolean(),
});

/** A country attribution. */
export const Attribution = z.object({
  country: z.string().nullable(),
  probability: z.number(),
  abstained: z.boolean(),
  reason: z.string().nullable(),
  candidates: z.array(z.object({ country: z.string(), probability: z.number() })).readonly(),
  origin: z.object({ country: z.string(), probability: z.number() }).nullable(),
  evidence: z.array(z.unknown()).readonly(),
});

/** A supervisor's latest decision on a target. */
export const TargetDecision = z.object({
  actor: z.string(),
  decision: z.enum(['accept', 'reject']),
  reason: z.string(),
  user: z.string(),
  at: z.string(),
});

/** One item of `vigie targets --json`. */
export const TargetItem = z.object({
  rank: z.number(),
  actor: z.string(),
  score: z.number(),
  factors: z.array(z.unknown()).readonly(),
  attribution: Attribution.nullable(),
  decision: TargetDecision.nullable(),
});
/** One item of `vigie targets --json`. */
export type TargetItem = z.infer<typeof TargetItem>;

/** One chat of `vigie chats --json`. */
export const ChatItem = z.object({
  id: z.string(),
  type: z.string().nullable(),
  title: z.string().nullable(),
  titles: z.array(z.string()),
  messages: z.number(),
  members: z.number(),
  sources: z.array(z.string()),
  firstMessage: z.string().nullable(),
  lastMessage: z.string().nullable(),
  firstMessageId: z.number().nullable(),
  lastMessageId: z.number().nullable(),
  migratedFrom: z.string().nullable(),
  aliases: z.array(z.string()),
});

/** `vigie hashlist list --json`. */
export const HashLists = z.object({
  lists: z.array(
    z.object({
      name: z.string(),
      role: z.string(),
      format: z.string(),
      version: z.number(),
      entries: z.number(),
      byType: z.record(z.string(), z.number()),
      sourceId: z.string(),
      updatedAt: z.string(),
      history: z.array(
        z.object({
          version: z.number(),
          sha256: z.string(),
          status: z.string(),
          entries: z.number(),
          addedAt: z.string(),
          addedBy: z.string(),
          endedAt: z.string().nullable(),
        }),
      ),
    }),
  ),
  removed: z.array(z.object({ name: z.string(), versions: z.number() })),
});

/** One event of `vigie audit list --json`. */
export const AuditItem = z.object({
  seq: z.number(),
  at: z.string(),
  user: z.string(),
  command: z.string(),
  subject: z.string(),
  details: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});

/** An ISO-8601 date (a whole UTC day) or date-time. */
const IsoDate = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'an ISO-8601 date (YYYY-MM-DD) or date-time');

/** The category filter's value for media nobody categorised (no decision, or one cleared). */
export const UNCATEGORISED = 'none';

/**
 * `?status&category&chat&actor&from&to&cursor&limit` of the media list, every filter cut in the database: category =
 * the latest decision's code (`none`: uncategorised); chat, actor = platform ids of an occurrence's chat and poster;
 * from/to = that occurrence's time (dates are whole UTC days, `to` included); chat, actor and dates hold for one and
 * the same occurrence.
 */
export const MediaQuery = PageQuery.extend({
  status: MediaStatus.optional(),
  category: z.string().min(1).max(16).optional(),
  chat: z.string().min(1).max(200).optional(),
  actor: z.string().min(1).max(200).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});

/** `?search&cursor&limit` of the actors list: `search` keeps actors whose id or a name contains it (any case). */
export const ActorsQuery = PageQuery.extend({ search: z.string().trim().min(1).max(100).optional() });

/** One cluster of `vigie clusters --json` (new content). */
export const ClusterItem = z.object({
  id: z.string(),
  status: z.string(),
  media: z.number(),
  spread: z.object({ occurrences: z.number(), chats: z.number(), posters: z.number() }),
  originator: z.string().nullable(),
  firstSeen: z.string().nullable(),
  firstMessage: z.object({ chat: z.string(), message: z.number() }).nullable(),
  sample: z.array(z.string()),
  /** The first poster is one of the case's own (undercover) accounts (issue 19). */
  originatorUndercover: z.boolean(),
});
/** One cluster of `vigie clusters --json`. */
export type ClusterItem = z.infer<typeof ClusterItem>;

/** `?status=new&cursor&limit` of the clusters list (status defaults to new). */
export const ClustersQuery = PageQuery.extend({ status: MediaStatus.default('new') });
/** `?user=…&command=…&subject=…&cursor=…&limit=…` of the audit trail (each filter exact, cut in the database). */
export const AuditQuery = PageQuery.extend({
  user: z.string().min(1).max(200).optional(),
  command: z.string().min(1).max(200).optional(),
  subject: z.string().min(1).max(1000).optional(),
});

const scoped = (summary: string) => ({ summary, caseScoped: true, params: CaseParams }) as const;

/** The case listings: twins of the CLI's `--json` listings, cursor-paginated. */
export const LISTING_ROUTES = [
  {
    id: 'media.list',
    method: 'GET',
    path: '/api/v1/cases/{case}/media',
    ...scoped(
      'Media with status and matches, by SHA-256 (twin of vigie media [--new|--known|--ignored] --json)',
    ),
    roles: ROLE_SETS.analysts,
    query: MediaQuery,
    response: page(MediaItem),
  },
  {
    id: 'media.get',
    method: 'GET',
    path: '/api/v1/cases/{case}/media/{sha256}',
    ...scoped('One media: why it has its status and where it occurs (twin of vigie media SHA256 --json)'),
    params: CaseParams.extend({ sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 (64 hex digits)') }),
    roles: ROLE_SETS.analysts,
    response: MediaDetail,
  },
  {
    id: 'actors.list',
    method: 'GET',
    path: '/api/v1/cases/{case}/actors',
    ...scoped(
      'Analysed actors by id, optionally searched by id or name (twin of vigie actors [--search TEXT] --json)',
    ),
    roles: ROLE_SETS.targetReaders,
    query: ActorsQuery,
    response: page(ActorItem),
  },
  {
    id: 'actors.get',
    method: 'GET',
    path: '/api/v1/cases/{case}/actors/{id}',
    ...scoped("One actor's full profile (twin of vigie actor ID --json)"),
    params: CaseParams.extend({ id: z.string().min(1).max(200) }),
    roles: ROLE_SETS.targetReaders,
    response: ActorItem,
  },
  {
    id: 'targets.list',
    method: 'GET',
    path: '/api/v1/cases/{case}/targets',
    ...scoped('Actors ranked by triage score (twin of vigie targets --json on a scored case)'),
    roles: ROLE_SETS.targetReaders,
    query: PageQuery,
    response: page(TargetItem),
  },
  {
    id: 'chats.list',
    method: 'GET',
    path: '/api/v1/cases/{case}/chats',
    ...scoped('Chats with their figures (twin of vigie chats --json)'),
    roles: ROLE_SETS.analysts,
    query: PageQuery,
    response: page(ChatItem),
  },
  {
    id: 'hashlists.list',
    method: 'GET',
    path: '/api/v1/cases/{case}/hashlists',
    ...scoped('Hash lists with history (twin of vigie hashlist list --json)'),
    roles: ROLE_SETS.analysts,
    response: HashLists,
  },
  {
    id: 'audit.list',
    method: 'GET',
    path: '/api/v1/cases/{case}/audit',
    ...scoped(
      'The audit trail, oldest first, optionally of one person, command and subject (twin of vigie audit list --json)',
    ),
    roles: ROLE_SETS.auditors,
    query: AuditQuery,
    response: page(AuditItem),
  },
  {
    id: 'clusters.list',
    method: 'GET',
    path: '/api/v1/cases/{case}/clusters',
    ...scoped(
      'Clusters of the last analyse (default status new), most spread first, then first seen, then id (twin of vigie clusters --json)',
    ),
    roles: ROLE_SETS.analysts,
    query: ClustersQuery,
    response: page(ClusterItem),
  },
] as const satisfies readonly RouteContract[];
