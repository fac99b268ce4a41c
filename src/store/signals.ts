// Signals (md5, sha1, sha256, pdq, pdq-dihedral, vpdq), EXIF facts and hashing issues of media.
import type { ExpressionBuilder } from 'kysely';
import type { DB } from './schema.js';
import type { StoreQ } from './port.js';
import { insertIssues } from './runs.js';
import { writeThumbnails, type ThumbnailRow } from './thumbnails.js';

/** Signal type under which the 8 dihedral PDQ hashes are stored, comma-separated in slot order (orig first). */
export const PDQ_DIHEDRAL_TYPE = 'pdq-dihedral';

const VIDEO_KINDS = ['video_file', 'video_message', 'animation'];
const NEVER_VIDEO = ['thumbnail', 'vcard'];

/** True for a video by its kind or MIME type (the same test as `isVideoExpr`, in JavaScript). */
export function isVideoMedia(kind: string, mime: string | null): boolean {
  if (VIDEO_KINDS.includes(kind)) return true;
  return !NEVER_VIDEO.includes(kind) && (mime ?? '').toLowerCase().startsWith('video/');
}

/** The SQL test for a video row of `media as m` (kind, or a video MIME type in any case). */
function isVideoExpr(eb: ExpressionBuilder<DB & { m: DB['media'] }, 'm'>) {
  return eb.or([
    eb('m.kind', 'in', VIDEO_KINDS),
    eb.and([eb('m.kind', 'not in', NEVER_VIDEO), eb(eb.fn('lower', ['m.mime']), 'like', 'video/%')]),
  ]);
}

/**
 * Media not hashed yet for a PDQ convention, in SHA-256 order: never hashed (no sha256 signal and no recorded
 * issue), or an image hashed under another convention only; with a vPDQ size, also videos (by kind or MIME
 * type) without a vpdq signal of that size and without an issue. Other media are settled by their sha256
 * signal or their issue.
 */
export async function listUnhashed(
  q: StoreQ,
  convention: string,
  vpdqSize: string | null,
): Promise<string[]> {
  const rows = await q.db
    .selectFrom('media as m')
    .select('m.sha256')
    .where((eb) => {
      const signal = (type: string, conv?: string) => {
        let s = eb
          .selectFrom('signal as s')
          .select('s.sha256')
          .whereRef('s.sha256', '=', 'm.sha256')
          .where('s.type', '=', type);
        if (conv !== undefined) s = s.where('s.convention', '=', conv);
        return eb.exists(s);
      };
      const issue = eb.exists(
        eb.selectFrom('media_hash_issue as i').select('i.sha256').whereRef('i.sha256', '=', 'm.sha256'),
      );
      return eb.or([
        eb.and([eb.not(signal('sha256')), eb.not(issue)]),
        eb.and([signal('pdq'), eb.not(signal('pdq', convention))]),
        ...(vpdqSize === null
          ? []
          : [eb.and([isVideoExpr(eb), eb.not(signal('vpdq', vpdqSize)), eb.not(issue)])]),
      ]);
    })
    .orderBy('m.sha256')
    .execute();
  return rows.map((r) => r.sha256);
}

/** Whether each of these media is a video (by kind or MIME type); unknown hashes are absent. */
export async function videoFlags(q: StoreQ, sha256s: readonly string[]): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  for (let i = 0; i < sha256s.length; i += 500) {
    const rows = await q.db
      .selectFrom('media')
      .select(['sha256', 'kind', 'mime'])
      .where('sha256', 'in', sha256s.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.sha256, isVideoMedia(r.kind, r.mime));
  }
  return out;
}

/** One file's results as the store writes them. */
export interface MediaHashRecord {
  readonly sha256: string;
  readonly crypto: { md5: string; sha1: string; sha256: string } | null;
  readonly pdq: { convention: string; hash: string; quality: number; dihedral: readonly string[] } | null;
  /** A video's vPDQ frames (reference text format) under a size convention, with the mean frame quality. */
  readonly vpdq?: { size: string; value: string; quality: number } | null;
  readonly exif: {
    make: string | null;
    model: string | null;
    takenAt: string | null;
    gpsLat: number | null;
    gpsLon: number | null;
  } | null;
  readonly issue: { code: string; message: string } | null;
  /** An image's wellness thumbnail (lossless WebP), stored in the `thumbnail` table. */
  readonly thumbnail?: Uint8Array | null;
}

const CHUNK = 500;

/** Chunks of at most CHUNK rows (the databases' parameter limits). */
function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += CHUNK) yield rows.slice(i, i + CHUNK);
}

/**
 * Write a batch of hashing results with the run id on each row, idempotently: a media hashed again replaces its
 * signals, EXIF facts and hashing issue, and its run issue row of this run (no duplicates).
 */
export async function writeHashResults(
  q: StoreQ,
  runId: string,
  batch: readonly MediaHashRecord[],
): Promise<void> {
  const signals: DB['signal'][] = [];
  const exif: DB['media_exif'][] = [];
  const issues: DB['media_hash_issue'][] = [];
  const thumbs: ThumbnailRow[] = [];
  const sig = (sha256: string, type: string, convention: string, value: string, quality: number | null) =>
    signals.push({ sha256, type, convention, value, quality, run_id: runId });
  for (const r of batch) {
    if (r.crypto) {
      sig(r.sha256, 'md5', '', r.crypto.md5, null);
      sig(r.sha256, 'sha1', '', r.crypto.sha1, null);
      sig(r.sha256, 'sha256', '', r.crypto.sha256, null);
    }
    if (r.pdq) {
      sig(r.sha256, 'pdq', r.pdq.convention, r.pdq.hash, r.pdq.quality);
      sig(r.sha256, PDQ_DIHEDRAL_TYPE, r.pdq.convention, r.pdq.dihedral.join(','), r.pdq.quality);
    }
    if (r.vpdq) sig(r.sha256, 'vpdq', r.vpdq.size, r.vpdq.value, r.vpdq.quality);
    if (r.exif) {
      const e = r.exif;
      exif.push({
        sha256: r.sha256,
        make: e.make,
        model: e.model,
        taken_at: e.takenAt,
        gps_lat: e.gpsLat,
        gps_lon: e.gpsLon,
        run_id: runId,
      });
    }
    if (r.thumbnail) thumbs.push({ sha256: r.sha256, webp: r.thumbnail, run_id: runId });
    if (r.issue)
      issues.push({ sha256: r.sha256, code: r.issue.code, message: r.issue.message, run_id: runId });
  }
  for (const c of chunks(signals))
    await q.db
      .insertInto('signal')
      .values(c)
      .onConflict((oc) =>
        oc.columns(['sha256', 'type', 'convention']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          quality: eb.ref('excluded.quality'),
          run_id: eb.ref('excluded.run_id'),
        })),
      )
      .execute();
  await writeThumbnails(q, thumbs);
  for (const c of chunks(exif))
    await q.db
      .insertInto('media_exif')
      .values(c)
      .onConflict((oc) =>
        oc.column('sha256').doUpdateSet((eb) => ({
          make: eb.ref('excluded.make'),
          model: eb.ref('excluded.model'),
          taken_at: eb.ref('excluded.taken_at'),
          gps_lat: eb.ref('excluded.gps_lat'),
          gps_lon: eb.ref('excluded.gps_lon'),
          run_id: eb.ref('excluded.run_id'),
        })),
      )
      .execute();
  for (const c of chunks(issues)) {
    await q.db
      .insertInto('media_hash_issue')
      .values(c)
      .onConflict((oc) =>
        oc.column('sha256').doUpdateSet((eb) => ({
          code: eb.ref('excluded.code'),
          message: eb.ref('excluded.message'),
          run_id: eb.ref('excluded.run_id'),
        })),
      )
      .execute();
    await q.db
      .deleteFrom('issue')
      .where('run_id', '=', runId)
      .where('location', '=', 'media')
      .where(
        'file',
        'in',
        c.map((i) => i.sha256),
      )
      .execute();
    await insertIssues(
      q,
      runId,
      c.map((i) => ({ sourceId: null, code: i.code, file: i.sha256, location: 'media', message: i.message })),
    );
  }
}

/** True when some media has a signal of this type. */
export async function hasSignal(q: StoreQ, type: string): Promise<boolean> {
  const r = await q.db
    .selectFrom('signal')
    .select('sha256')
    .where('type', '=', type)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** A stored signal. */
export interface SignalRow {
  readonly sha256: string;
  readonly type: string;
  readonly convention: string;
  readonly value: string;
  readonly quality: number | null;
  readonly run_id: string | null;
}

/** Every signal of one media, sorted by type then convention. */
export function signalsOf(q: StoreQ, sha256: string): Promise<SignalRow[]> {
  return q.db
    .selectFrom('signal')
    .selectAll()
    .where('sha256', '=', sha256)
    .orderBy('type')
    .orderBy('convention')
    .execute();
}

/** How many media there are, how many carry a sha256 signal, a pdq signal, and a hashing issue. */
export async function hashCounts(
  q: StoreQ,
): Promise<{ media: number; hashed: number; pdq: number; issues: number }> {
  const count = async (query: Promise<{ n: number | string | bigint } | undefined>) =>
    Number((await query)?.n ?? 0);
  const distinctOf = (type: string) =>
    q.db
      .selectFrom('signal')
      .select((eb) => eb.fn.count('sha256').distinct().as('n'))
      .where('type', '=', type)
      .executeTakeFirst();
  return {
    media: await count(
      q.db
        .selectFrom('media')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst(),
    ),
    hashed: await count(distinctOf('sha256')),
    pdq: await count(distinctOf('pdq')),
    issues: await count(
      q.db
        .selectFrom('media_hash_issue')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst(),
    ),
  };
}
