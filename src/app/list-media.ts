import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import type { MatchDetailRow, MediaStatus } from '../store/matches.js';
import type { ClusterInfo } from '../store/analysis.js';
import type { MediaDecision } from '../store/repos/decisions.js';
import { MIN_PDQ_QUALITY } from '../domain/media-status.js';
import { isOwn, ownAccountIds } from './own-account-ids.js';

export type { MediaStatus } from '../store/matches.js';

/** One match as `vigie media --json` shows it. */
export interface MediaMatchSummary {
  readonly list: string;
  readonly signalType: string;
  readonly value: string;
  readonly category: string | null;
  readonly scheme: string | null;
  readonly distance: number;
  /** vPDQ video ↔ video matches: percent of the media's and of the list video's usable frames matched. */
  readonly queryPercent?: number;
  readonly comparePercent?: number;
  /** vPDQ frame-level match: the matching frame's time (seconds) in the video. */
  readonly frameSeconds?: number;
}

/** One media item of `vigie media --json`. */
export interface MediaItem {
  readonly sha256: string;
  readonly md5: string | null;
  readonly pdq: string | null;
  readonly kind: string;
  readonly status: MediaStatus;
  readonly matches: MediaMatchSummary[];
  readonly occurrences: number;
  /** Stable cluster id (media that are the same picture), null before `vigie analyse`. */
  readonly cluster: string | null;
  /** ISO-8601 UTC time of the cluster's first occurrence. */
  readonly firstSeen: string | null;
  /** Platform id of the cluster's first poster. */
  readonly originator: string | null;
  /** The first poster is one of the case's own (undercover) accounts (issue 19). */
  readonly originatorUndercover: boolean;
  /** `uncertain` media only: why (the best PDQ quality, under the threshold, and no exact match). */
  readonly uncertain?: UncertainWhy;
  /** Platform chat id and message id of the cluster's first occurrence. */
  readonly firstMessage: { chat: string; message: number } | null;
  /** New clusters: the self-production assessment (likely, possible, unlikely) with its signals (issue 19). */
  readonly production?: { assessment: 'likely' | 'possible' | 'unlikely'; score: number; signals: unknown[] };
  /** Videos only: the vPDQ frames stored (size convention and number of frames). */
  readonly vpdq?: { convention: string; frames: number };
  /** A person's latest decision (category, tags, note), beside the automatic status; null when none. */
  readonly decision: DecisionView | null;
  /** Categories the matching lists give (suggestions for the person's decision), distinct, in list order. */
  readonly suggestions: CategorySuggestion[];
}

/** Why a media is `uncertain` rather than new: its PDQ quality is under the threshold and it matches nothing exactly. */
export interface UncertainWhy {
  readonly quality: number | null;
  readonly threshold: number;
  readonly reason: string;
}

/** The why of an `uncertain` media of this best PDQ quality. */
export function uncertainWhy(quality: number | null): UncertainWhy {
  return {
    quality,
    threshold: MIN_PDQ_QUALITY,
    reason: `PDQ quality ${quality ?? '?'} under ${MIN_PDQ_QUALITY}: too flat or small for near matching, and no exact match; not counted as new`,
  };
}

/** A person's decision on a media as listings show it: the stored decision without its media and audit seq. */
export type DecisionView = Omit<MediaDecision, 'sha256' | 'auditSeq'>;

/** A category suggested by a matching hash list. */
export interface CategorySuggestion {
  readonly list: string;
  readonly scheme: string | null;
  readonly category: string;
}

/** The decision as listings show it. */
export function decisionView(d: MediaDecision | undefined): DecisionView | null {
  return d
    ? { scheme: d.scheme, category: d.category, tags: d.tags, note: d.note, by: d.by, at: d.at }
    : null;
}

/** Distinct (list, scheme, category) of the matches that carry a category. */
export function suggestionsOf(matches: readonly MediaMatchSummary[]): CategorySuggestion[] {
  const seen = new Map<string, CategorySuggestion>();
  for (const m of matches)
    if (m.category !== null)
      seen.set(`${m.list}\0${m.scheme}\0${m.category}`, {
        list: m.list,
        scheme: m.scheme,
        category: m.category,
      });
  return [...seen.values()];
}

/** A stored match as `vigie media --json` summarises it. */
export function matchSummary(m: MatchDetailRow): MediaMatchSummary {
  return {
    list: m.list_name,
    signalType: m.signal_type,
    value: m.value,
    category: m.category,
    scheme: m.scheme,
    distance: m.distance,
    ...vpdqFields(m.variant),
  };
}

/** Percentages (`q95.5/c88`) or frame time (`frame 12.000`) recorded in a vPDQ match's variant. */
function vpdqFields(
  variant: string,
): Pick<MediaMatchSummary, 'queryPercent' | 'comparePercent' | 'frameSeconds'> {
  const p = /^q([\d.]+)\/c([\d.]+)$/.exec(variant);
  if (p) return { queryPercent: Number(p[1]), comparePercent: Number(p[2]) };
  const f = /^frame ([\d.]+)$/.exec(variant);
  return f ? { frameSeconds: Number(f[1]) } : {};
}

/** Per video, its vPDQ size convention (native first) and frame count. */
export function vpdqSummaries(
  signals: readonly { sha256: string; convention: string; value: string }[],
): Map<string, { convention: string; frames: number }> {
  const out = new Map<string, { convention: string; frames: number }>();
  for (const v of signals) {
    const frames = v.value.split('\n').length;
    if (!out.has(v.sha256) || v.convention === 'native')
      out.set(v.sha256, { convention: v.convention, frames });
  }
  return out;
}

/** The analysis fields of a media item (null before `vigie analyse`). */
export function clusterFields(
  info: ClusterInfo | undefined,
  own: ReadonlySet<string>,
): Pick<
  MediaItem,
  'cluster' | 'firstSeen' | 'originator' | 'originatorUndercover' | 'firstMessage' | 'production'
> {
  return {
    cluster: info?.cluster ?? null,
    firstSeen: info?.firstSeen ?? null,
    originator: info?.originator ?? null,
    originatorUndercover: isOwn(own, info?.originator),
    firstMessage: info?.firstMessage ?? null,
    ...(info?.production ? { production: info.production } : {}),
  };
}

/** The media listing's filters as people give them (CLI flags, API query): dates as ISO-8601 text. */
export interface MediaListInput {
  readonly statuses?: readonly MediaStatus[];
  /** The latest decision's category code; null: uncategorised (no decision, or cleared). */
  readonly category?: string | null;
  /** Platform chat id: media with an occurrence in this chat. */
  readonly chat?: string;
  /** Platform actor id: media this actor posted. */
  readonly actor?: string;
  /** ISO-8601 date (a whole UTC day) or date-time: occurrences at or after it. */
  readonly from?: string;
  /** ISO-8601 date (a whole UTC day, included) or date-time (included): occurrences up to it. */
  readonly to?: string;
  /** A page: after this sha256, at most `limit`. */
  readonly after?: string;
  readonly limit?: number;
  /** Only media of new clusters with one of these self-production assessments (applied to the page read). */
  readonly production?: readonly string[];
}

const DAY_MS = 86_400_000;

/** Epoch ms of an ISO date or date-time (`end`: the first instant after it); USAGE naming the option otherwise. */
export function instantOf(name: string, value: string, end: boolean): number {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const t = Date.parse(day ? `${value}T00:00:00Z` : value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || !Number.isFinite(t))
    throw new AppError(
      'USAGE',
      `${name} '${value.slice(0, 40)}': not an ISO-8601 date (YYYY-MM-DD) or date-time`,
    );
  return end ? t + (day ? DAY_MS : 1) : t;
}

/** Above this many rows the listing reads matches, signals, clusters and decisions whole rather than by SHA-256. */
const BY_SHA_MAX = 2000;

/** Media with status and matches, filtered in the store (status, category, chat, actor, dates), whole or a page after a sha256; sorted by sha256. */
export async function listMedia(
  deps: Pick<CaseContext, 'store'>,
  input: MediaListInput = {},
): Promise<MediaItem[]> {
  const filter = {
    ...(input.statuses ? { statuses: input.statuses } : {}),
    ...(input.category !== undefined ? { category: input.category } : {}),
    ...(input.chat !== undefined ? { chat: input.chat } : {}),
    ...(input.actor !== undefined ? { actor: input.actor } : {}),
    ...(input.from !== undefined ? { fromMs: instantOf('from', input.from, false) } : {}),
    ...(input.to !== undefined ? { toMs: instantOf('to', input.to, true) } : {}),
    ...(input.after !== undefined ? { after: input.after } : {}),
    ...(input.limit !== undefined ? { limit: input.limit } : {}),
  };
  const { rows, details, signals, clusters, decisions, own, quality } = await deps.store.transaction(
    async (tx) => {
      const rows = await tx.media.listStatus(filter);
      const common = {
        own: await ownAccountIds(tx),
        quality: await tx.media.pdqQualities(
          rows.filter((r) => r.status === 'uncertain').map((r) => r.sha256),
        ),
      };
      if (rows.length > BY_SHA_MAX)
        return {
          ...common,
          rows,
          details: await tx.media.matchDetails(),
          signals: await tx.media.listVpdq(),
          clusters: await tx.analysis.clusterInfo(),
          decisions: await tx.decisions.latest(),
        };
      const shas = rows.map((r) => r.sha256);
      const matched = rows.filter((r) => r.status === 'known' || r.status === 'ignored').map((r) => r.sha256);
      return {
        ...common,
        rows,
        details: matched.length ? await tx.media.matchDetails(matched) : [],
        signals: shas.length ? await tx.media.listVpdq(shas) : [],
        clusters: await tx.analysis.clusterInfo(shas),
        decisions: await tx.decisions.latest(shas),
      };
    },
    { readonly: true },
  );
  const wanted = new Set(
    rows.filter((r) => r.status === 'known' || r.status === 'ignored').map((r) => r.sha256),
  );
  const matches = new Map<string, MediaMatchSummary[]>();
  if (wanted.size) {
    for (const m of details) {
      if (!wanted.has(m.sha256)) continue;
      const list = matches.get(m.sha256) ?? [];
      list.push(matchSummary(m));
      matches.set(m.sha256, list);
    }
  }
  const vpdq = vpdqSummaries(signals);
  const wantProduction = input.production?.length ? new Set(input.production) : null;
  const kept = wantProduction
    ? rows.filter((r) => wantProduction.has(clusters.get(r.sha256)?.production?.assessment ?? ''))
    : rows;
  return kept.map((r) => ({
    sha256: r.sha256,
    md5: r.md5,
    pdq: r.pdq,
    kind: r.kind,
    status: r.status,
    matches: matches.get(r.sha256) ?? [],
    occurrences: r.occurrences,
    ...clusterFields(clusters.get(r.sha256), own),
    ...(r.status === 'uncertain' ? { uncertain: uncertainWhy(quality.get(r.sha256) ?? null) } : {}),
    ...(vpdq.has(r.sha256) ? { vpdq: vpdq.get(r.sha256)! } : {}),
    decision: decisionView(decisions.get(r.sha256)),
    suggestions: suggestionsOf(matches.get(r.sha256) ?? []),
  }));
}
