// Media status (known, ignored, new, uncertain, unhashed): one SQL CASE over matches and signals, and what is read through it.
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { DB } from './schema.js';
import type { StoreQ } from './port.js';
import { MIN_PDQ_QUALITY, type MediaStatus } from '../domain/media-status.js';

/** The status of `media as m`, as an SQL CASE: known, ignored, new, uncertain (PDQ quality under 50 only) or unhashed. */
function statusExpr(eb: ExpressionBuilder<DB & { m: DB['media'] }, 'm'>) {
  const listed = (role: string) =>
    eb.exists(
      eb
        .selectFrom('match as x')
        .innerJoin('hash_list as l', 'l.name', 'x.list_name')
        .select('x.sha256')
        .whereRef('x.sha256', '=', 'm.sha256')
        .where('l.role', '=', role),
    );
  const hashed = eb.exists(
    eb
      .selectFrom('signal as s')
      .select('s.sha256')
      .whereRef('s.sha256', '=', 'm.sha256')
      .where('s.type', '=', 'sha256'),
  );
  const pdq = (usable: boolean) =>
    eb.exists(
      eb
        .selectFrom('signal as s')
        .select('s.sha256')
        .whereRef('s.sha256', '=', 'm.sha256')
        .where('s.type', '=', 'pdq')
        .$if(usable, (w) =>
          w.where((e) => e.or([e('s.quality', 'is', null), e('s.quality', '>=', MIN_PDQ_QUALITY)])),
        ),
    );
  return eb
    .case()
    .when(listed('alert'))
    .then(sql<MediaStatus>`'known'`)
    .when(listed('ignore'))
    .then(sql<MediaStatus>`'ignored'`)
    .when(eb.and([hashed, pdq(false), eb.not(pdq(true))]))
    .then(sql<MediaStatus>`'uncertain'`)
    .when(hashed)
    .then(sql<MediaStatus>`'new'`)
    .else(sql<MediaStatus>`'unhashed'`)
    .end();
}

/** The query counting media by status. */
export function statusCountsQuery(db: Kysely<DB>) {
  return db
    .selectFrom((d) =>
      d
        .selectFrom('media as m')
        .select((eb) => statusExpr(eb).as('status'))
        .as('st'),
    )
    .select((eb) => ['st.status', eb.fn.countAll<number>().as('n')])
    .groupBy('st.status');
}

/** Media counts by status as `vigie stats` shows them. */
export interface MediaStatusCounts {
  knownMedia: number;
  newMedia: number;
  ignoredMedia: number;
  unhashedMedia: number;
  /** Hashed, unmatched media whose PDQ quality is under 50 (never counted as new). */
  uncertainMedia: number;
}

/** The rows of statusCountsQuery as figures. */
export function statusCountsOf(
  rows: readonly { status: MediaStatus; n: number | string }[],
): MediaStatusCounts {
  const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Partial<
    Record<MediaStatus, number>
  >;
  return {
    knownMedia: by.known ?? 0,
    newMedia: by.new ?? 0,
    ignoredMedia: by.ignored ?? 0,
    unhashedMedia: by.unhashed ?? 0,
    uncertainMedia: by.uncertain ?? 0,
  };
}

/** Counts of media by status, for `vigie stats` (knownMedia, newMedia, ignoredMedia, unhashedMedia). */
export async function mediaStatusCountsOf(q: StoreQ): Promise<MediaStatusCounts> {
  return statusCountsOf(await statusCountsQuery(q.db).execute());
}

/** One media with its status, md5, pdq (first convention) and number of occurrences. */
export interface MediaStatusRow {
  readonly sha256: string;
  readonly kind: string;
  readonly status: MediaStatus;
  readonly md5: string | null;
  readonly pdq: string | null;
  readonly occurrences: number;
}

/**
 * Filters of the media listing, cut in the SQL: statuses; the latest decision's category (null: uncategorised);
 * occurrence filters (platform chat id, poster's platform id, message time in [fromMs, toMs)) that one and the same
 * occurrence of the media must all meet.
 */
export interface MediaListFilter {
  readonly statuses?: readonly MediaStatus[];
  readonly category?: string | null;
  readonly chat?: string;
  readonly actor?: string;
  readonly fromMs?: number;
  readonly toMs?: number;
}

/** The options of statusRowsQuery: filters, one sha256, or a page (after a sha256, at most `limit`). */
export type MediaListOptions = MediaListFilter & { sha256?: string; after?: string; limit?: number };

/** The SHA-256s of media with an occurrence meeting the occurrence filters (null when there are none). */
function occurrenceFilter(db: Kysely<DB>, f: MediaListFilter) {
  if (f.chat === undefined && f.actor === undefined && f.fromMs === undefined && f.toMs === undefined)
    return null;
  // Only the chat: no need of the message (the busiest chat's list of media costs a third less).
  if (f.actor === undefined && f.fromMs === undefined && f.toMs === undefined)
    return db
      .selectFrom('media_occurrence as o')
      .select('o.sha256')
      .where('o.sha256', 'is not', null)
      .where('o.chat_id', '=', f.chat!);
  return db
    .selectFrom('media_occurrence as o')
    .innerJoin('message as g', (j) =>
      j.onRef('g.chat_id', '=', 'o.chat_id').onRef('g.message_id', '=', 'o.message_id'),
    )
    .select('o.sha256')
    .where('o.sha256', 'is not', null)
    .$if(f.chat !== undefined, (w) => w.where('o.chat_id', '=', f.chat!))
    .$if(f.actor !== undefined, (w) => w.where('g.author_id', '=', f.actor!))
    .$if(f.fromMs !== undefined, (w) => w.where('g.date_utc', '>=', f.fromMs!))
    .$if(f.toMs !== undefined, (w) => w.where('g.date_utc', '<', f.toMs!));
}

/** The category of a media's latest decision, as an SQL subquery on `media as m` (null: none or uncategorised). */
function latestCategory(eb: ExpressionBuilder<DB & { m: DB['media'] }, 'm'>) {
  return eb
    .selectFrom('media_decision as d')
    .select('d.category')
    .whereRef('d.sha256', '=', 'm.sha256')
    .orderBy('d.id', 'desc')
    .limit(1);
}

/**
 * The query of media with status, filtered (MediaListFilter), one sha256 or a page, in sha256 order; `probeChat`: the
 * chat filter as a probe per media (EXISTS) rather than a list of the chat's media (IN), the same rows.
 */
export function statusRowsQuery(db: Kysely<DB>, opts: MediaListOptions, probeChat = false) {
  const occ = probeChat ? null : occurrenceFilter(db, opts);
  const s = db
    .selectFrom((db) =>
      db
        .selectFrom('media as m')
        .select((eb) => [
          'm.sha256',
          'm.kind',
          statusExpr(eb).as('status'),
          eb
            .selectFrom('signal as s')
            .select('s.value')
            .whereRef('s.sha256', '=', 'm.sha256')
            .where('s.type', '=', 'md5')
            .limit(1)
            .as('md5'),
          eb
            .selectFrom('signal as s')
            .select('s.value')
            .whereRef('s.sha256', '=', 'm.sha256')
            .where('s.type', '=', 'pdq')
            .orderBy('s.convention')
            .limit(1)
            .as('pdq'),
          eb
            .selectFrom('media_occurrence as o')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('o.sha256', '=', 'm.sha256')
            .as('occurrences'),
        ])
        .$if(opts.sha256 !== undefined, (w) => w.where('m.sha256', '=', opts.sha256!))
        .$if(opts.after !== undefined, (w) => w.where('m.sha256', '>', opts.after!))
        .$if(occ !== null, (w) => w.where('m.sha256', 'in', occ!))
        .$if(probeChat, (w) =>
          w.where((eb) =>
            eb.exists(
              eb
                .selectFrom('media_occurrence as o')
                .select('o.sha256')
                .whereRef('o.sha256', '=', 'm.sha256')
                .where('o.chat_id', '=', opts.chat!),
            ),
          ),
        )
        .$if(opts.category === null, (w) => w.where((eb) => latestCategory(eb), 'is', null))
        .$if(typeof opts.category === 'string', (w) =>
          w.where((eb) => latestCategory(eb), '=', opts.category!),
        )
        .as('st'),
    )
    .selectAll('st');
  const ordered = (opts.statuses?.length ? s.where('st.status', 'in', [...opts.statuses]) : s).orderBy(
    'st.sha256',
  );
  return opts.limit !== undefined ? ordered.limit(opts.limit) : ordered;
}

/**
 * Whether a page of one chat's media should probe each media in SHA-256 order (the page fills fast when the chat
 * holds a large share of the media: the busiest article-scale chat, 55 %, costs a third) rather than list the chat's
 * media first (cheaper for a chat holding less than about a fifth of them). Chat alone, paged: other filters go
 * through the occurrence join either way. SQLite only: PostgreSQL plans both forms as the same semi-join.
 */
async function probesChat(q: StoreQ, opts: MediaListOptions): Promise<boolean> {
  const chat = opts.chat;
  if (q.dialect !== 'sqlite' || chat === undefined || opts.limit === undefined) return false;
  if (opts.actor !== undefined || opts.fromMs !== undefined || opts.toMs !== undefined) return false;
  const r = await q.db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('media_occurrence')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('chat_id', '=', chat)
        .as('inChat'),
      eb
        .selectFrom('media')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('media'),
    ])
    .executeTakeFirst();
  return Number(r?.inChat ?? 0) * 5 > Number(r?.media ?? 0);
}

/** Media with status, filtered (MediaListFilter), one sha256 or a page, in sha256 order. */
export async function listMediaStatusRows(q: StoreQ, opts: MediaListOptions): Promise<MediaStatusRow[]> {
  return statusRowsOf(await statusRowsQuery(q.db, opts, await probesChat(q, opts)).execute());
}

/** The rows of statusRowsQuery with counts as numbers. */
export function statusRowsOf(
  rows: readonly (Omit<MediaStatusRow, 'occurrences'> & { occurrences: unknown })[],
): MediaStatusRow[] {
  return rows.map((r) => ({ ...r, occurrences: Number(r.occurrences ?? 0) }));
}

/** The status of every media, by SHA-256 (what `vigie analyse` and `vigie stats` read). */
export async function mediaStatusMap(q: StoreQ): Promise<Map<string, MediaStatus>> {
  const rows = await q.db
    .selectFrom('media as m')
    .select((eb) => ['m.sha256', statusExpr(eb).as('status')])
    .orderBy('m.sha256')
    .execute();
  return new Map(rows.map((r) => [r.sha256, r.status]));
}

/** The best PDQ quality of each media (over its conventions), for the `uncertain` ones' why; by SHA-256. */
export async function pdqQualities(
  q: StoreQ,
  sha256s: readonly string[],
): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  for (let i = 0; i < sha256s.length; i += 500) {
    const rows = await q.db
      .selectFrom('signal')
      .select((eb) => ['sha256', eb.fn.max('quality').as('quality')])
      .where('type', '=', 'pdq')
      .where('sha256', 'in', sha256s.slice(i, i + 500))
      .groupBy('sha256')
      .execute();
    for (const r of rows) out.set(r.sha256, r.quality === null ? null : Number(r.quality));
  }
  return out;
}
