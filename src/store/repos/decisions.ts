import type { Selectable } from 'kysely';
import type { StoreQ } from '../port.js';
import type { MediaDecisionTable } from '../schema.js';

/** A person's decision on one media as stored: the whole state after the change (latest wins). */
export interface MediaDecision {
  readonly sha256: string;
  readonly scheme: string;
  /** Category code in `scheme`; null = uncategorised. */
  readonly category: string | null;
  /** Free tags, sorted, without duplicates. */
  readonly tags: string[];
  readonly note: string | null;
  /** Who decided (the signed-in person, or the OS user from the CLI). */
  readonly by: string;
  /** ISO-8601 UTC. */
  readonly at: string;
  /** The audit event that recorded the change. */
  readonly auditSeq: number;
}

/** The `media_decision` row a decision is read from (its columns but the id). */
type DecisionSql = Omit<Selectable<MediaDecisionTable>, 'id'>;

function decisionOf(r: DecisionSql): MediaDecision {
  return {
    sha256: r.sha256,
    scheme: r.scheme,
    category: r.category,
    tags: JSON.parse(r.tags) as string[],
    note: r.note,
    by: r.user,
    at: r.at,
    auditSeq: Number(r.audit_seq),
  };
}

const COLUMNS = ['sha256', 'scheme', 'category', 'tags', 'note', 'user', 'at', 'audit_seq'] as const;

/** Rows per `IN (…)` chunk. */
const CHUNK = 500;

/** People's decisions on media (category, tags, note): append-only history, latest wins. */
export function decisionRepo(q: StoreQ) {
  /** Every row of these media (all media when omitted), by media then id. */
  const rowsOf = async (sha256s?: readonly string[]): Promise<DecisionSql[]> => {
    const base = q.db.selectFrom('media_decision').select(COLUMNS).orderBy('sha256').orderBy('id');
    if (sha256s === undefined) return base.execute();
    const out: DecisionSql[] = [];
    for (let i = 0; i < sha256s.length; i += CHUNK)
      out.push(...(await base.where('sha256', 'in', sha256s.slice(i, i + CHUNK)).execute()));
    return out;
  };
  return {
    /** Append decisions (call inside the transaction that appends their audit event). */
    append: async (rows: readonly MediaDecision[]): Promise<void> => {
      for (let i = 0; i < rows.length; i += CHUNK)
        await q.db
          .insertInto('media_decision')
          .values(
            rows.slice(i, i + CHUNK).map((d) => ({
              sha256: d.sha256,
              scheme: d.scheme,
              category: d.category,
              tags: JSON.stringify(d.tags),
              note: d.note,
              user: d.by,
              at: d.at,
              audit_seq: d.auditSeq,
            })),
          )
          .execute();
    },
    /** The latest decision per media (of those given, or all), keyed by SHA-256. */
    latest: async (sha256s?: readonly string[]): Promise<Map<string, MediaDecision>> => {
      if (sha256s !== undefined && sha256s.length === 0) return new Map();
      return new Map((await rowsOf(sha256s)).map((r) => [r.sha256, decisionOf(r)]));
    },
    /** Every decision on one media, oldest first. */
    history: async (sha256: string): Promise<MediaDecision[]> => (await rowsOf([sha256])).map(decisionOf),
    /** The media of these SHA-256s that the case holds. */
    existing: async (sha256s: readonly string[]): Promise<Set<string>> => {
      const out = new Set<string>();
      for (let i = 0; i < sha256s.length; i += CHUNK)
        for (const r of await q.db
          .selectFrom('media')
          .select('sha256')
          .where('sha256', 'in', sha256s.slice(i, i + CHUNK))
          .execute())
          out.add(r.sha256);
      return out;
    },
    /** Kind, MIME type and size of one media, or undefined when the case has no such media. */
    mediaFile: async (
      sha256: string,
    ): Promise<{ kind: string; mime: string | null; size: number } | undefined> => {
      const r = await q.db
        .selectFrom('media')
        .select(['kind', 'mime', 'size'])
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      return r && { kind: r.kind, mime: r.mime, size: Number(r.size) };
    },
    /** The media of one cluster (from the last `vigie analyse`), by SHA-256. */
    clusterMembers: async (clusterId: string): Promise<string[]> =>
      (
        await q.db
          .selectFrom('cluster_member')
          .select('sha256')
          .where('cluster_id', '=', clusterId)
          .orderBy('sha256')
          .execute()
      ).map((r) => r.sha256),
  };
}
