import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import type { OccurrenceRow } from '../store/matches.js';
import {
  clusterFields,
  decisionView,
  matchSummary,
  suggestionsOf,
  uncertainWhy,
  type MediaItem,
} from './list-media.js';
import { ownAccountIds } from './own-account-ids.js';
import { compareVpdq, parseVpdq, type VpdqSegment } from '../signals/vpdq/index.js';

/** Why a media has its status: each matching list entry, where it came from, and how close it is. */
export interface MediaWhy {
  readonly list: string;
  readonly role: string;
  readonly listVersion: number;
  readonly source: { id: string; sha256: string; path: string };
  readonly entry: {
    id: number;
    recordId: string | null;
    line: number | null;
    position: string | null;
    series: string | null;
  };
  readonly signalType: string;
  readonly value: string;
  readonly category: string | null;
  readonly scheme: string | null;
  readonly distance: number;
  readonly variant: string;
  readonly convention: string;
  readonly runId: string | null;
  /** vPDQ video ↔ video matches: the matched segments (seconds in this video ~ seconds in the list video). */
  readonly segments?: VpdqSegment[];
}

/** `vigie media SHA256 --json`: the media item plus the why of every match and its occurrences. */
export async function showMedia(
  deps: Pick<CaseContext, 'store'>,
  input: { sha256: string },
): Promise<
  MediaItem & {
    why: MediaWhy[];
    occurrenceList: Array<OccurrenceRow & { chatId: string; messageId: number; sourceId: string }>;
  }
> {
  const sha256 = input.sha256.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(sha256))
    throw new AppError('USAGE', `'${input.sha256}': expected a media SHA-256 (64 hex digits)`);
  const { row, details, signals, clusters, occurrenceList, decision, ownIds, quality } =
    await deps.store.transaction(
      async (tx) => ({
        row: (await tx.media.listStatus({ sha256 }))[0],
        details: await tx.media.matchDetails(sha256),
        signals: await tx.media.listVpdq(sha256),
        clusters: await tx.analysis.clusterInfo([sha256]),
        occurrenceList: await tx.media.occurrences(sha256),
        decision: (await tx.decisions.latest([sha256])).get(sha256),
        ownIds: await ownAccountIds(tx),
        quality: (await tx.media.pdqQualities([sha256])).get(sha256) ?? null,
      }),
      { readonly: true },
    );
  if (!row) throw new AppError('NOT_FOUND', `no media with SHA-256 ${sha256}`);
  const own = new Map(signals.map((v) => [v.convention, v.value]));
  const segmentsOf = (m: (typeof details)[number]): { segments?: VpdqSegment[] } => {
    const mine = own.get(m.convention);
    if (m.signal_type !== 'vpdq' || !mine || !m.variant.startsWith('q')) return {};
    return { segments: compareVpdq(parseVpdq(mine), parseVpdq(m.value)).segments };
  };
  const matches = details.map(matchSummary);
  return {
    sha256: row.sha256,
    md5: row.md5,
    pdq: row.pdq,
    kind: row.kind,
    status: row.status,
    matches,
    occurrences: row.occurrences,
    ...clusterFields(clusters.get(sha256), ownIds),
    ...(row.status === 'uncertain' ? { uncertain: uncertainWhy(quality) } : {}),
    decision: decisionView(decision),
    suggestions: suggestionsOf(matches),
    why: details.map((m) => ({
      list: m.list_name,
      role: m.role,
      listVersion: m.list_version,
      source: { id: m.source_id, sha256: m.source_sha256, path: m.source_path },
      entry: { id: m.entry_id, recordId: m.record_id, line: m.line, position: m.position, series: m.series },
      signalType: m.signal_type,
      value: m.value,
      category: m.category,
      scheme: m.scheme,
      distance: m.distance,
      variant: m.variant,
      convention: m.convention,
      runId: m.run_id,
      ...segmentsOf(m),
    })),
    // camelCase twins beside the snake_case keys the workbench reads (added, never renamed).
    occurrenceList: occurrenceList.map((x) => ({
      ...x,
      chatId: x.chat_id,
      messageId: x.message_id,
      sourceId: x.source_id,
    })),
  };
}
