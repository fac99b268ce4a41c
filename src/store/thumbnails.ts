// Images' wellness thumbnails in the case database (migration 13, ADR 0029): written with the hashing results,
// read by the wellness view.
import type { StoreQ } from './port.js';

/** One thumbnail to store: the media, its WebP bytes, the run that made it. */
export interface ThumbnailRow {
  readonly sha256: string;
  readonly webp: Uint8Array;
  readonly run_id: string;
}

/** Rows per INSERT (a few KiB each: small statements). */
const CHUNK = 50;

/** Store thumbnails; one already there is kept (the same image gives the same bytes). */
export async function writeThumbnails(q: StoreQ, rows: readonly ThumbnailRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows
      .slice(i, i + CHUNK)
      .map((r) => ({ ...r, webp: Buffer.from(r.webp.buffer, r.webp.byteOffset, r.webp.byteLength) }));
    await q.db
      .insertInto('thumbnail')
      .values(values)
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  }
}

/** The stored thumbnail of a media (WebP bytes), or null. */
export async function thumbnailOf(q: StoreQ, sha256: string): Promise<Buffer | null> {
  const r = await q.db.selectFrom('thumbnail').select('webp').where('sha256', '=', sha256).executeTakeFirst();
  return r ? Buffer.from(r.webp) : null;
}
