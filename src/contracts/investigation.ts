import * as z from 'zod';
import { CaseParams, ROLE_SETS } from './common.js';
import type { RouteContract } from './route.js';
import { ActorItem, TargetDecision } from './listings.js';
import { JobCreated } from './jobs.js';

/** A place in a chat: its id and a message id (the chat reader opens `/cases/{case}/chats/{chat}?around={message}`). */
export const MessageRef = z.object({ chat: z.string(), message: z.number() });

/** Where an attribution item came from, with what the workbench needs to open it. */
export const LedgerSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('message'), chat: z.string(), message: z.number() }),
  z.object({ kind: z.literal('messages'), count: z.number(), sample: z.array(MessageRef) }),
  z.object({
    kind: z.literal('returnRow'),
    source: z.string(),
    line: z.number(),
    /** The return row itself (null when it is no longer in the case). */
    row: z
      .object({
        userId: z.string(),
        phone: z.string().nullable(),
        phoneCountry: z.string().nullable(),
        ip: z.string().nullable(),
        seenAt: z.string().nullable(),
      })
      .nullable(),
  }),
  z.object({ kind: z.literal('media'), sha256: z.string() }),
  z.object({ kind: z.literal('name'), name: z.string(), source: z.string() }),
]);

/** One line of the attribution ledger: the signal, its value, likelihood ratio and where it came from. */
export const LedgerItem = z.object({
  signal: z.string(),
  kind: z.string(),
  value: z.string(),
  reliability: z.number(),
  weight: z.number(),
  bits: z.number(),
  likelihoodRatio: z.number(),
  countries: z.record(z.string(), z.number()),
  flags: z.array(z.string()),
  source: LedgerSource,
});

/** A 7 × 24 grid of message counts: `[weekday 0 = Monday … 6 = Sunday][hour 0–23]`. */
export const Heatmap = z.array(z.array(z.number()));

/** `GET …/actors/{id}/profile`: everything the actor page shows (reusing `vigie actor --json` as `actor`). */
export const ActorProfileView = z.object({
  /** `vigie actor ID --json` as it is. */
  actor: ActorItem,
  /** Which source saw which name when. */
  names: z.array(
    z.object({
      name: z.string(),
      source: z.string(),
      sourceKind: z.string(),
      account: z.string().nullable(),
      firstSeen: z.string().nullable(),
      lastSeen: z.string().nullable(),
    }),
  ),
  /** Chats with the actor's messages and membership periods. */
  chats: z.array(
    z.object({
      chat: z.string(),
      title: z.string().nullable(),
      messages: z.number(),
      firstMessage: z.string().nullable(),
      lastMessage: z.string().nullable(),
      memberships: z.array(
        z.object({
          kind: z.string(),
          from: z.string().nullable(),
          to: z.string().nullable(),
          message: z.number().nullable(),
          by: z.string().nullable(),
        }),
      ),
    }),
  ),
  /** Regular messages by weekday × hour, in UTC and in the attributed country's main zone. */
  heatmap: z.object({ utc: Heatmap, zone: z.string().nullable(), local: Heatmap.nullable() }),
  /** Distinct media posted, by status and by category (a person's category first, else the lists'). */
  media: z.object({
    byStatus: z.record(z.string(), z.number()),
    byCategory: z.array(z.object({ category: z.string(), count: z.number() })),
  }),
  /** Clusters the actor posted first, new ones first, with how each spread. */
  clusters: z.array(
    z.object({
      id: z.string(),
      status: z.string(),
      members: z.number(),
      occurrences: z.number(),
      chatsReached: z.number(),
      reposters: z.number(),
      firstSeen: z.string().nullable(),
      firstMessage: MessageRef.nullable(),
      firstSha256: z.string().nullable(),
    }),
  ),
  /** The attribution ledger (empty when the actor was not attributed). */
  ledger: z.array(LedgerItem),
  /** The triage score with its factors (null when not scored). */
  score: z.object({ rank: z.number(), total: z.number(), factors: z.array(z.unknown()) }).nullable(),
  /** The strongest neighbours in the interaction network. */
  neighbours: z.array(
    z.object({
      actor: z.string(),
      name: z.string().nullable(),
      weight: z.number(),
      replies: z.number(),
      mentions: z.number(),
      reposts: z.number(),
      direction: z.enum(['out', 'in', 'both']),
      /** One of the case's own (undercover) accounts (issue 19). */
      undercover: z.boolean(),
    }),
  ),
  /** Every supervisor's decision on the actor as a target, oldest first, with its reason (the notes). */
  decisions: z.array(TargetDecision),
});
/** `GET …/actors/{id}/profile`. */
export type ActorProfileView = z.infer<typeof ActorProfileView>;

/** One post of a cluster's media. */
export const SpreadPost = z.object({
  chat: z.string(),
  chatTitle: z.string().nullable(),
  message: z.number(),
  date: z.string().nullable(),
  poster: z.string().nullable(),
  posterName: z.string().nullable(),
  /** The poster is one of the case's own (undercover) accounts (issue 19). */
  posterUndercover: z.boolean(),
  sha256: z.string(),
  /** `first` (the cluster's first post), `forward` (forwarded from elsewhere) or `reupload` (posted anew). */
  how: z.enum(['first', 'forward', 'reupload']),
  forwardedFrom: z.string().nullable(),
});

/** `GET …/clusters/{cluster}/spread`: the cluster, every post in time order, the variants by PDQ distance. */
export const ClusterSpread = z.object({
  cluster: z.object({
    id: z.string(),
    status: z.string(),
    members: z.number(),
    occurrences: z.number(),
    chatsReached: z.number(),
    reposters: z.number(),
    firstSeen: z.string().nullable(),
    originator: z.string().nullable(),
    firstMessage: MessageRef.nullable(),
    firstSha256: z.string().nullable(),
    /** The first poster is one of the case's own (undercover) accounts (issue 19). */
    originatorUndercover: z.boolean(),
  }),
  posts: z.array(SpreadPost),
  variants: z.array(
    z.object({
      sha256: z.string(),
      first: z.boolean(),
      /** Hamming distance of its PDQ to the first post's media (null: no PDQ). */
      distance: z.number().nullable(),
      kind: z.string().nullable(),
      width: z.number().nullable(),
      height: z.number().nullable(),
      size: z.number().nullable(),
      posts: z.number(),
    }),
  ),
});
/** `GET …/clusters/{cluster}/spread`. */
export type ClusterSpread = z.infer<typeof ClusterSpread>;

/** `GET …/audit/facets`: the people and commands of the trail (the audit view's filter choices). */
export const AuditFacets = z.object({ users: z.array(z.string()), commands: z.array(z.string()) });

const scoped = { caseScoped: true, params: CaseParams } as const;

/** The investigation views: the actor page, the spread of a cluster, the audit view's choices and verify job. */
export const INVESTIGATION_ROUTES = [
  {
    id: 'actors.profile',
    method: 'GET',
    path: '/api/v1/cases/{case}/actors/{id}/profile',
    summary:
      "The actor page: names per source over time, chats and memberships, activity heatmap, media by status and category, clusters originated, the attribution ledger with each item's message or return row, score factors, neighbours, decisions",
    ...scoped,
    params: CaseParams.extend({ id: z.string().min(1).max(200) }),
    roles: ROLE_SETS.targetReaders,
    response: ActorProfileView,
  },
  {
    id: 'clusters.spread',
    method: 'GET',
    path: '/api/v1/cases/{case}/clusters/{cluster}/spread',
    summary:
      "How a cluster spread: every post (chat, time, poster, forward or re-upload) in time order, the first marked, and the variants by PDQ distance to the first post's media",
    ...scoped,
    params: CaseParams.extend({ cluster: z.string().min(1).max(200) }),
    roles: ROLE_SETS.analysts,
    response: ClusterSpread,
  },
  {
    id: 'audit.facets',
    method: 'GET',
    path: '/api/v1/cases/{case}/audit/facets',
    summary: 'The people and commands of the audit trail (filter choices of the audit view)',
    ...scoped,
    roles: ROLE_SETS.auditors,
    response: AuditFacets,
  },
  {
    id: 'verify.start',
    method: 'POST',
    path: '/api/v1/cases/{case}/verify',
    summary:
      'Run vigie verify on the case as a read-only job (follow it through the jobs routes); its result is OK or the first finding with its code and place',
    ...scoped,
    roles: ROLE_SETS.auditors,
    response: JobCreated,
    audited: true,
  },
] as const satisfies readonly RouteContract[];
