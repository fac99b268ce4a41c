import type { StoreQ } from './port.js';
import type { AuditEvent } from './audit.js';
import type { ClusterTable } from './schema.js';

/** A media of a cluster with its PDQ (the `full` convention) and size. */
export interface ClusterMemberFact {
  readonly sha256: string;
  readonly status: string;
  readonly distanceToSeed: number | null;
  readonly pdq: string | null;
  readonly kind: string | null;
  readonly width: number | null;
  readonly height: number | null;
  readonly size: number | null;
}

/** One post of a cluster's media: the message, its author and whether it was forwarded. */
export interface ClusterPostFact {
  readonly chatId: string;
  readonly messageId: number;
  readonly sha256: string;
  readonly role: string;
  readonly dateUtc: number | null;
  readonly authorId: string | null;
  readonly authorName: string | null;
  readonly forwardedFrom: string | null;
  readonly type: string;
}

/** Filters of the audit trail: who, what, on what, after which event, how many. */
export interface AuditFilter {
  readonly user?: string;
  readonly command?: string;
  readonly subject?: string;
  readonly after?: number;
  readonly limit?: number;
}

const CHUNK = 500;

/** One cluster row (raw), or undefined. */
export async function clusterRow(q: StoreQ, id: string): Promise<ClusterTable | undefined> {
  return q.db.selectFrom('cluster').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The cluster's media with their PDQ, kind and size, by SHA-256. */
export async function clusterMembers(q: StoreQ, clusterId: string): Promise<ClusterMemberFact[]> {
  const rows = await q.db
    .selectFrom('cluster_member as cm')
    .leftJoin('media as md', 'md.sha256', 'cm.sha256')
    .leftJoin('signal as s', (j) =>
      j.onRef('s.sha256', '=', 'cm.sha256').on('s.type', '=', 'pdq').on('s.convention', '=', 'full'),
    )
    .select([
      'cm.sha256',
      'cm.status',
      'cm.distance_to_seed',
      's.value as pdq',
      'md.kind',
      'md.width',
      'md.height',
      'md.size',
    ])
    .where('cm.cluster_id', '=', clusterId)
    .orderBy('cm.sha256')
    .execute();
  const seen = new Set<string>();
  const out: ClusterMemberFact[] = [];
  for (const r of rows) {
    if (seen.has(r.sha256)) continue; // one PDQ per media and convention; guard anyway
    seen.add(r.sha256);
    out.push({
      sha256: r.sha256,
      status: r.status,
      distanceToSeed: num(r.distance_to_seed),
      pdq: r.pdq,
      kind: r.kind,
      width: num(r.width),
      height: num(r.height),
      size: num(r.size),
    });
  }
  return out;
}

/** Every occurrence of these media in a message, with the message's time, author and forward origin. */
export async function postsOf(q: StoreQ, sha256s: readonly string[]): Promise<ClusterPostFact[]> {
  const out: ClusterPostFact[] = [];
  for (let i = 0; i < sha256s.length; i += CHUNK) {
    const rows = await q.db
      .selectFrom('media_occurrence as o')
      .innerJoin('message as m', (j) =>
        j.onRef('m.chat_id', '=', 'o.chat_id').onRef('m.message_id', '=', 'o.message_id'),
      )
      .select([
        'o.chat_id',
        'o.message_id',
        'o.sha256',
        'o.role',
        'm.date_utc',
        'm.author_id',
        'm.author_name',
        'm.forwarded_from',
        'm.type',
      ])
      .distinct()
      .where('o.sha256', 'in', sha256s.slice(i, i + CHUNK))
      .execute();
    for (const r of rows)
      out.push({
        chatId: r.chat_id,
        messageId: Number(r.message_id),
        sha256: r.sha256 as string,
        role: r.role,
        dateUtc: num(r.date_utc),
        authorId: r.author_id,
        authorName: r.author_name,
        forwardedFrom: r.forwarded_from,
        type: r.type,
      });
  }
  return out;
}

/** A page of the audit trail cut in the database: the filters, then the events after `after`, at most `limit`. */
export async function auditPage(q: StoreQ, f: AuditFilter): Promise<AuditEvent[]> {
  return q.db
    .selectFrom('audit_event')
    .selectAll()
    .$if(f.user !== undefined, (w) => w.where('user', '=', f.user!))
    .$if(f.command !== undefined, (w) => w.where('command', '=', f.command!))
    .$if(f.subject !== undefined, (w) => w.where('subject', '=', f.subject!))
    .$if(f.after !== undefined, (w) => w.where('seq', '>', f.after!))
    .orderBy('seq')
    .$if(f.limit !== undefined, (w) => w.limit(f.limit!))
    .execute();
}

/** The distinct people and commands of the audit trail (the audit view's filter choices), sorted. */
export async function auditFacets(q: StoreQ): Promise<{ users: string[]; commands: string[] }> {
  const users = await q.db.selectFrom('audit_event').select('user').distinct().execute();
  const commands = await q.db.selectFrom('audit_event').select('command').distinct().execute();
  // Sorted here, by code unit, so both databases give the same order whatever their collation.
  const sorted = (xs: string[]) => xs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { users: sorted(users.map((r) => r.user)), commands: sorted(commands.map((r) => r.command)) };
}

function num(v: number | string | null | undefined): number | null {
  return v === null || v === undefined ? null : Number(v);
}
