import { sql } from 'kysely';
import type { ItemIssue } from '../domain/issue.js';
import { MESSAGE_COLUMNS, messageRowOf, unpackMessage, type PackedMessage } from '../domain/message-row.js';
import type { ChatInput, SourceInput } from './import-types.js';
import type { PreparedRows, StoreQ } from './port.js';
import { writeKnown } from './import-known.js';
import { messageVector, vectoriseLeft } from './search-index.js';
import { OCCURRENCE_FIELDS } from './row-digest.js';

/** The buffers of one batch of the import writer, taken together (ADR 0009). */
export interface Batch {
  readonly chats: ChatInput[];
  readonly actors: unknown[][];
  readonly messages: PackedMessage[];
  readonly raws: string[];
  readonly media: unknown[][];
  readonly occurrences: unknown[][];
  readonly files: unknown[][];
  readonly evidence: unknown[][];
  readonly issues: unknown[][];
}

/** What writing a batch did. */
export interface BatchOutcome {
  readonly newMessages: number;
  readonly newVersions: number;
  /** Issues the writer found (id collisions), also written to table issue. */
  readonly found: ItemIssue[];
}

/** The columns of an `issue` row as the writer binds them. */
export const ISSUE_COLUMNS = ['run_id', 'source_id', 'code', 'file', 'location', 'message'] as const;

/** An `issue` row of a source, in ISSUE_COLUMNS order. */
export function issueRow(src: SourceInput, i: ItemIssue): unknown[] {
  return [src.runId, src.id, i.code, i.source, i.location, i.message];
}

/** A batch's rows made and, on PostgreSQL, encoded with their search vectors, before its write waits its turn. */
export interface PreparedBatch {
  readonly rows: readonly (readonly unknown[])[] | PreparedRows;
  /** PostgreSQL: each message's vector as written in its row (`messageVector`); empty elsewhere. */
  readonly vectors: readonly (string | null)[];
}

/**
 * PostgreSQL's message columns: the row's, then its search vector (migration 14; not a column of the shared row
 * type, which SQLite's table has: SQLite's index is FTS5 over `search_doc`).
 */
const MESSAGE_VECTOR_COLUMNS = [...MESSAGE_COLUMNS, 'tsv'] as unknown as typeof MESSAGE_COLUMNS;

/**
 * Prepare a batch: its message rows and, on PostgreSQL, their search vectors and their COPY text. The import writer
 * calls this before waiting for the batch in flight, so the client's work on a batch overlaps the server's on the
 * previous one (ADR 0015 §11).
 */
export function prepareBatch(q: StoreQ, src: SourceInput, b: Batch): PreparedBatch {
  const { messages } = b;
  if (q.dialect !== 'postgres') return { rows: messageRows(b, src, null), vectors: [] };
  const vectors = messages.map(messageVector);
  const rows = messageRows(b, src, vectors);
  return {
    rows: q.bulk.prepare ? q.bulk.prepare(rows, () => messageRows(b, src, vectors)) : rows,
    vectors,
  };
}

/** A batch's message rows, each with its search vector after its columns when `vectors` are given (PostgreSQL). */
function messageRows(b: Batch, src: SourceInput, vectors: readonly (string | null)[] | null): unknown[][] {
  const { messages, raws } = b;
  const rows = new Array<unknown[]>(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const row = messageRowOf(messages[i]!, raws[i]!, src.id);
    if (vectors) row.push(vectors[i]);
    rows[i] = row;
  }
  return rows;
}

/**
 * Write one batch inside the source's transaction: parents before children, new messages on the bulk path (and, on
 * PostgreSQL, their search documents), messages another source already holds one by one (import-known.ts).
 */
export async function writeBatch(
  q: StoreQ,
  src: SourceInput,
  b: Batch,
  prepared: PreparedBatch = prepareBatch(q, src, b),
): Promise<BatchOutcome> {
  for (const c of b.chats) {
    await q.db
      .insertInto('chat')
      .values({ id: c.id, platform: c.platform, type: c.type, title: c.title })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ type: sql<string | null>`coalesce(chat.type, excluded.type)` }),
      )
      .execute();
    await q.bulk.insert(
      'chat_source',
      ['chat_id', 'source_id', 'type', 'origin', 'raw_id'],
      [[c.id, src.id, c.type, c.origin, c.rawId]],
      { onConflict: 'ignore' },
    );
  }
  await q.bulk.insert('actor', ['id', 'platform', 'kind'], b.actors, { onConflict: 'ignore' });
  const { messages, raws } = b;
  const columns = q.dialect === 'postgres' ? MESSAGE_VECTOR_COLUMNS : MESSAGE_COLUMNS;
  const inserted = await q.bulk.insertNew('message', columns, ['chat_id', 'message_id'], prepared.rows);
  // PostgreSQL indexes new messages as they are written, batch by batch, while the next batch is read (ADR 0015 §8,
  // §11); the writer's finish() indexes the rest (known messages, names, titles). SQLite indexes all at finish().
  if (q.dialect === 'postgres') await vectoriseLeft(q, messages, prepared.vectors, inserted);
  const media = ['sha256', 'kind', 'mime', 'size', 'width', 'height', 'duration'] as const;
  await q.bulk.insert('media', media, b.media, { onConflict: 'ignore' });
  await q.bulk.insert('media_occurrence', OCCURRENCE_COLUMNS, b.occurrences, { onConflict: 'ignore' });
  await q.bulk.insert('source_file', ['source_id', 'path', 'sha256', 'size'], b.files, {
    onConflict: 'ignore',
  });
  await q.bulk.insert('evidence', ['sha256', 'size', 'stored_at'], b.evidence, { onConflict: 'ignore' });
  await q.bulk.insert('issue', ISSUE_COLUMNS, b.issues);
  let newMessages = 0;
  let newVersions = 0;
  const found: ItemIssue[] = [];
  for (let i = 0; i < messages.length; i++) {
    const p = messages[i];
    if (!p) continue;
    if (inserted[i]) newMessages++;
    else {
      const r = await writeKnown(q, src, unpackMessage(p), raws[i]!);
      if (r.newVersion) newVersions++;
      if (r.collision) found.push(r.collision);
    }
  }
  // Issues found on the known-message path.
  await q.bulk.insert(
    'issue',
    ISSUE_COLUMNS,
    found.map((i) => issueRow(src, i)),
  );
  return { newMessages, newVersions, found };
}

const OCCURRENCE_COLUMNS = [...OCCURRENCE_FIELDS, 'source_id'] as const;
