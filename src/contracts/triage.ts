import * as z from 'zod';
import { CategorySchemeSchema } from '../domain/categories.js';
import { CaseParams, ROLE_SETS } from './common.js';
import type { RouteContract } from './route.js';

/** A media SHA-256 (64 lowercase hex digits). */
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a media SHA-256 (64 lowercase hex digits)');

/** `{case}` and `{sha256}`. */
export const MediaParams = CaseParams.extend({ sha256: Sha256 });

/** `POST …/media/{sha256}/reveal` body: why the person needs to see the original. */
export const RevealBody = z.object({ reason: z.string().trim().min(1, 'a reveal needs a reason').max(1000) });

/** A reveal's single-use URL of the original bytes, valid until `expiresAt`, for the person who asked only. */
export const RevealAnswer = z.object({
  url: z.string(),
  /** ISO-8601 UTC. */
  expiresAt: z.string(),
  /** The audit event recording the reveal. */
  auditSeq: z.number(),
});

/** `GET …/media/{sha256}/original?token=…`. */
export const OriginalQuery = z.object({ token: z.string().min(1).max(128) });

/** Reveals of today (UTC): the person's own; a supervisor's answer has everyone's. */
export const RevealCounts = z.object({
  day: z.string(),
  total: z.number(),
  byPerson: z.array(z.object({ person: z.string(), count: z.number() })),
});
/** Reveals of today. */
export type RevealCounts = z.infer<typeof RevealCounts>;

/** The case's category scheme (codes in keyboard order, display names from configuration). */
export const CategoryScheme = CategorySchemeSchema;

/** A change of a person's decision: category (null: uncategorised), tags (replace the set), note (null clears). */
export const DecisionChange = z.object({
  category: z.string().max(16).nullable().optional(),
  tags: z.array(z.string().max(64)).max(32).optional(),
  note: z.string().max(4000).nullable().optional(),
});

/** `POST …/media/decisions`: one change applied to many media at once. */
export const BulkDecisionBody = DecisionChange.extend({ sha256s: z.array(Sha256).min(1).max(5000) });

/** `{case}` and `{cluster}`. */
export const ClusterParams = CaseParams.extend({ cluster: z.string().min(1).max(128) });

/** A person's decision on one media as stored (latest wins). */
export const MediaDecision = z.object({
  sha256: z.string(),
  scheme: z.string(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  note: z.string().nullable(),
  by: z.string(),
  at: z.string(),
  auditSeq: z.number(),
});

/** A person's latest decision as media listings show it (null: none). */
export const DecisionView = MediaDecision.omit({ sha256: true, auditSeq: true });

/** A category a matching hash list suggests. */
export const CategorySuggestion = z.object({
  list: z.string(),
  scheme: z.string().nullable(),
  category: z.string(),
});

/** What a decision change did: the audit event (null when nothing changed), the new decisions, the unchanged. */
export const DecisionResult = z.object({
  auditSeq: z.number().nullable(),
  changed: z.array(MediaDecision),
  unchanged: z.array(z.string()),
});
/** What a decision change did. */
export type DecisionResult = z.infer<typeof DecisionResult>;

/** `{case}` and `{actor}` (platform id). */
export const ActorParams = CaseParams.extend({ actor: z.string().min(1).max(128) });

/** `POST …/targets/{actor}/decision` body. */
export const TargetDecisionBody = z.object({
  decision: z.enum(['accept', 'reject']),
  reason: z.string().trim().min(1, 'a decision needs a reason').max(2000),
});

/** A supervisor's recorded decision on a target. */
export const TargetDecisionAnswer = z.object({
  actor: z.string(),
  decision: z.enum(['accept', 'reject']),
  reason: z.string(),
  user: z.string(),
  at: z.string(),
  auditSeq: z.number(),
});

const MEDIA = '/api/v1/cases/{case}/media/{sha256}';

/** Wellness (thumbnails, reveals), categorisation and target decisions. */
export const TRIAGE_ROUTES = [
  {
    id: 'media.thumbnail',
    method: 'GET',
    path: `${MEDIA}/thumbnail`,
    summary: 'Wellness thumbnail: small, blurred, greyscale JPEG (never the original)',
    roles: ROLE_SETS.analysts,
    caseScoped: true,
    params: MediaParams,
    response: 'bytes',
  },
  {
    id: 'media.reveal',
    method: 'POST',
    path: `${MEDIA}/reveal`,
    summary: 'Reveal the original with a reason (audited): a single-use URL valid 60 s for this person only',
    roles: ROLE_SETS.analysts,
    caseScoped: true,
    params: MediaParams,
    body: RevealBody,
    response: RevealAnswer,
    audited: true,
  },
  {
    id: 'media.original',
    method: 'GET',
    path: `${MEDIA}/original`,
    summary: 'The original bytes, once, with the token of a reveal (no-store)',
    roles: ROLE_SETS.analysts,
    caseScoped: true,
    params: MediaParams,
    query: OriginalQuery,
    response: 'bytes',
  },
  {
    id: 'reveals.today',
    method: 'GET',
    path: '/api/v1/cases/{case}/reveals/today',
    summary: "Today's reveals (UTC day): the person's own; supervisors see everyone's",
    roles: ROLE_SETS.analysts,
    caseScoped: true,
    params: CaseParams,
    response: RevealCounts,
  },
  {
    id: 'categories.get',
    method: 'GET',
    path: '/api/v1/cases/{case}/categories',
    summary: "The case's category scheme",
    roles: ROLE_SETS.caseReaders,
    caseScoped: true,
    params: CaseParams,
    response: CategoryScheme,
  },
  {
    id: 'media.decide',
    method: 'PUT',
    path: `${MEDIA}/decision`,
    summary: "Set a person's category, tags and note on one media (audited, history kept)",
    roles: ROLE_SETS.analysts,
    caseScoped: true,
    params: MediaParams,
    body: DecisionChange,
    response: DecisionResult,
    audited: true,
  },
  {
    id: 'media.decideBulk',
    method: 'POST',
    path: '/api/v1/cases/{case}/media/decisions',
    summary: 'Set one category, tags or note on many media at once (one audit event)',
    roles: ROLE_SETS.analysts,
    caseScoped: true,
    params: CaseParams,
    body: BulkDecisionBody,
    response: DecisionResult,
    audited: true,
  },
  {
    id: 'clusters.decide',
    method: 'POST',
    path: '/api/v1/cases/{case}/clusters/{cluster}/decision',
    summary: 'Set one category, tags or note on every media of a cluster (one audit event)',
    roles: ROLE_SETS.analysts,
    caseScoped: true,
    params: ClusterParams,
    body: DecisionChange,
    response: DecisionResult,
    audited: true,
  },
  {
    id: 'targets.decide',
    method: 'POST',
    path: '/api/v1/cases/{case}/targets/{actor}/decision',
    summary: "A supervisor's decision on a target: accept or reject, with a reason (audited)",
    roles: ROLE_SETS.supervisors,
    caseScoped: true,
    params: ActorParams,
    body: TargetDecisionBody,
    response: TargetDecisionAnswer,
    audited: true,
  },
] as const satisfies readonly RouteContract[];
