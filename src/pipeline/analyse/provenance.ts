import { issue, type ItemIssue } from '../../domain/issue.js';
import { cmpStr, type MediaStatus, type Occurrence } from './types.js';
import { hamming, type MediaCluster } from './clusters.js';

/** One appearance of a cluster after its first one. */
export interface LaterOccurrence {
  readonly sha256: string;
  readonly chatId: string;
  readonly messageId: number;
  readonly authorId: string | null;
  readonly dateUtc: number | null;
  /** Milliseconds after the first occurrence, null when either time is unknown. */
  readonly delayMs: number | null;
  /** 'identical': same bytes as the first occurrence; 're-encoded': another file of the same picture. */
  readonly copy: 'identical' | 're-encoded';
  /** PDQ distance to the first occurrence's media (0 for identical bytes, null when unknown). */
  readonly distance: number | null;
  readonly forwarded: boolean;
}

/** How far a cluster travelled: chats reached and reposters, with the time to each. */
export interface Spread {
  readonly chats: ReadonlyArray<{ chatId: string; firstAt: number | null; delayMs: number | null }>;
  readonly reposters: ReadonlyArray<{
    actorId: string;
    firstAt: number | null;
    delayMs: number | null;
    occurrences: number;
  }>;
  readonly identicalCopies: number;
  readonly reencodedCopies: number;
}

/** Where a cluster first appeared, who posted it, and every later appearance. */
export interface ClusterProvenance {
  readonly clusterId: string;
  readonly status: MediaStatus;
  readonly first: Occurrence | null;
  readonly originator: string | null;
  readonly occurrences: number;
  readonly later: readonly LaterOccurrence[];
  readonly spread: Spread;
}

/** Order of occurrences: earliest UTC first (unknown times last), then chat id, message id, sha256. */
export function compareOccurrences(a: Occurrence, b: Occurrence): number {
  const ta = a.dateUtc ?? Number.POSITIVE_INFINITY;
  const tb = b.dateUtc ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (
    cmpStr(a.chatId, b.chatId) ||
    a.messageId - b.messageId ||
    cmpStr(a.sha256, b.sha256) ||
    cmpStr(a.sourceId, b.sourceId)
  );
}

/** One occurrence per (sha256, chat, message), keeping the smallest source id. */
export function dedupeOccurrences(occurrences: readonly Occurrence[]): Occurrence[] {
  const byKey = new Map<string, Occurrence>();
  for (const o of occurrences) {
    const key = `${o.sha256}\u0000${o.chatId}\u0000${o.messageId}`;
    const had = byKey.get(key);
    if (!had || cmpStr(o.sourceId, had.sourceId) < 0) byKey.set(key, o);
  }
  return [...byKey.values()];
}

/** Provenance of every cluster (sorted by cluster id), from deduplicated occurrences. */
export function traceProvenance(
  clusters: readonly MediaCluster[],
  occurrences: readonly Occurrence[],
): { provenance: ClusterProvenance[]; issues: ItemIssue[] } {
  const issues: ItemIssue[] = [];
  const clusterOf = new Map<string, MediaCluster>();
  const pdqOf = new Map<string, string | null>();
  for (const c of clusters)
    for (const m of c.members) {
      clusterOf.set(m.sha256, c);
      pdqOf.set(m.sha256, m.pdq);
    }
  const byCluster = new Map<string, Occurrence[]>();
  for (const o of dedupeOccurrences(occurrences)) {
    const c = clusterOf.get(o.sha256);
    if (!c) {
      issues.push(issue('MEDIA_NOT_CLUSTERED', o.sha256, `${o.chatId} message ${o.messageId}`, 'no cluster'));
      continue;
    }
    if (o.dateUtc === null)
      issues.push(
        issue(
          'OCCURRENCE_NO_DATE',
          o.sourceId,
          `${o.chatId} message ${o.messageId}`,
          'no UTC time: ordered last',
        ),
      );
    const list = byCluster.get(c.id);
    if (list) list.push(o);
    else byCluster.set(c.id, [o]);
  }
  const provenance = clusters.map((c) => {
    const occ = (byCluster.get(c.id) ?? []).sort(compareOccurrences);
    const first = occ[0] ?? null;
    if (first && first.authorId === null)
      issues.push(
        issue(
          'ORIGINATOR_UNKNOWN',
          first.sourceId,
          `${first.chatId} message ${first.messageId}`,
          'first poster has no id',
        ),
      );
    return trace(c, first, occ.slice(1), pdqOf);
  });
  return { provenance, issues };
}

function trace(
  c: MediaCluster,
  first: Occurrence | null,
  rest: readonly Occurrence[],
  pdqOf: ReadonlyMap<string, string | null>,
): ClusterProvenance {
  const t0 = first?.dateUtc ?? null;
  const delay = (t: number | null): number | null => (t === null || t0 === null ? null : t - t0);
  const firstPdq = first ? (pdqOf.get(first.sha256) ?? null) : null;
  const chats = new Map<string, number | null>();
  if (first) chats.set(first.chatId, first.dateUtc);
  const reposters = new Map<string, { firstAt: number | null; occurrences: number }>();
  let identicalCopies = 0;
  let reencodedCopies = 0;
  const later = rest.map((o): LaterOccurrence => {
    if (!chats.has(o.chatId)) chats.set(o.chatId, o.dateUtc);
    if (o.authorId !== null && o.authorId !== first?.authorId) {
      const r = reposters.get(o.authorId);
      if (r) r.occurrences++;
      else reposters.set(o.authorId, { firstAt: o.dateUtc, occurrences: 1 });
    }
    const identical = o.sha256 === first?.sha256;
    if (identical) identicalCopies++;
    else reencodedCopies++;
    const pdq = pdqOf.get(o.sha256) ?? null;
    return {
      sha256: o.sha256,
      chatId: o.chatId,
      messageId: o.messageId,
      authorId: o.authorId,
      dateUtc: o.dateUtc,
      delayMs: delay(o.dateUtc),
      copy: identical ? 'identical' : 're-encoded',
      distance: identical ? 0 : pdq && firstPdq ? hamming(pdq, firstPdq) : null,
      forwarded: o.forwarded ?? false,
    };
  });
  return {
    clusterId: c.id,
    status: c.status,
    first,
    originator: first?.authorId ?? null,
    occurrences: rest.length + (first ? 1 : 0),
    later,
    spread: {
      chats: [...chats].map(([chatId, firstAt]) => ({ chatId, firstAt, delayMs: delay(firstAt) })),
      reposters: [...reposters]
        .map(([actorId, r]) => ({
          actorId,
          firstAt: r.firstAt,
          delayMs: delay(r.firstAt),
          occurrences: r.occurrences,
        }))
        .sort((a, b) => cmpStr(a.actorId, b.actorId)),
      identicalCopies,
      reencodedCopies,
    },
  };
}
