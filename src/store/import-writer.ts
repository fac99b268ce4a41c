import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { parseAnyId } from '../domain/ids.js';
import type { ItemIssue } from '../domain/issue.js';
import { canonicalJson } from '../domain/canonical.js';
import type { MediaRef } from '../domain/import-records.js';
import { AT, type PackedMessage } from '../domain/message-row.js';
import type { ChatInput, SourceInput, WriteCounts } from './import-types.js';
import type { StoreQ } from './port.js';
import { linkMigratedGroups } from './migrated-groups.js';
import { rawRefOf } from './import-raw.js';
import { refreshChatTitle, upsertMemberships, type MemberRow } from './import-statements.js';
import { indexSource } from './search-index.js';
import { issueRow, prepareBatch, writeBatch, type Batch, type PreparedBatch } from './import-batch.js';
import { flatRanges, key, max, memberId, widen, type Range } from './import-ranges.js';

export type { ChatInput, SourceInput, WriteCounts };

/** Derived source id: the same export always gets the same id. */
export function sourceIdOf(kind: string, sha256: string): string {
  return `src-${createHash('sha256').update(`${kind}:${sha256}`).digest('hex').slice(0, 16)}`;
}

/**
 * Writes one source's rows inside the source's transaction (ADR 0009): events are buffered and written per batch
 * with `flush` on the bulk path (prepared statements on SQLite, COPY on PostgreSQL); messages another source already
 * holds go through the Kysely queries of import-statements.ts.
 */
export class ImportWriter {
  readonly counts: WriteCounts = {
    chats: 0,
    messages: 0,
    newMessages: 0,
    newVersions: 0,
    media: 0,
    issues: 0,
  };
  /** Issues the writer itself found (id collisions), also recorded in table issue. */
  readonly found: ItemIssue[] = [];
  private readonly actors = new Set<string>();
  private readonly names = new Map<string, Map<string, Range>>();
  private readonly posted = new Map<string, Map<string, Range>>();
  private readonly titles = new Map<string, Map<string, Range>>();
  private readonly members = new Map<string, MemberRow>();
  private readonly chatRange = new Map<string, { header: string | null; last: number | null }>();
  private chats: ChatInput[] = [];
  private newActors: unknown[][] = [];
  /** Messages of the batch as packed (no object per message: ADR 0009), and their raw text or reference. */
  private messages: PackedMessage[] = [];
  private raws: string[] = [];
  private media: unknown[][] = [];
  private occurrences: unknown[][] = [];
  private files: unknown[][] = [];
  private evidenceRows: unknown[][] = [];
  private issues: unknown[][] = [];
  /** PostgreSQL: the batch being written while the next one is read. */
  private inflight: Promise<void> | null = null;
  /** PostgreSQL: whether a batch was sent yet (the first is smaller: the server starts sooner). */
  private started = false;

  private constructor(
    private readonly q: StoreQ,
    private readonly src: SourceInput,
  ) {}

  /** Start writing a source: its row first. */
  static async open(q: StoreQ, src: SourceInput): Promise<ImportWriter> {
    // SQLite: a bigger page cache keeps a large single-transaction import from re-reading pages (64 MiB).
    if (q.dialect === 'sqlite') await sql`PRAGMA cache_size = -65536`.execute(q.db);
    await q.db
      .insertInto('source')
      .values({
        id: src.id,
        kind: src.kind,
        sha256: src.sha256,
        label: src.label,
        original_path: src.originalPath,
        imported_at: new Date().toISOString(),
        options: canonicalJson(src.options),
        metadata: '{}',
        tool_version: src.toolVersion,
        run_id: src.runId,
      })
      .execute();
    return new ImportWriter(q, src);
  }

  /** A stored evidence file (its `evidence` row, idempotent). */
  evidence(sha256: string, size: number): void {
    this.evidenceRows.push([sha256, size, new Date().toISOString()]);
  }

  /** A file of the source (the main file, a media file) with its hash. */
  sourceFile(path: string, sha256: string, size: number): void {
    this.files.push([this.src.id, path, sha256, size]);
  }

  /** A chat seen by this source. */
  chat(c: ChatInput): void {
    this.chats.push(c);
    this.chatRange.set(c.id, { header: c.title, last: null });
    this.counts.chats++;
  }

  private actor(id: string): void {
    if (this.actors.has(id)) return;
    const p = parseAnyId(id);
    this.newActors.push([id, p?.platform ?? id.split(':')[0] ?? 'unknown', p?.kind ?? 'unknown']);
    this.actors.add(id);
  }

  /** One message (packed, ADR 0009, read by name through `AT`): written at the next flush, new or known. */
  message(p: PackedMessage): void {
    this.counts.messages++;
    const chatId = p[AT.chat_id];
    const authorId = p[AT.author_id];
    const utc = p[AT.date_utc];
    if (authorId) this.actor(authorId);
    // A verbatim slice of the main file is stored as a reference to its evidence copy (ADR 0008, 0009).
    this.messages.push(p);
    this.raws.push(p[AT.raw] ?? rawRefOf(this.src.id, p[AT.rawOffset], p[AT.rawLength]));
    const range = this.chatRange.get(chatId);
    if (range) range.last = max(range.last, utc);
    if (authorId && p[AT.type] === 'message') widen(this.posted, chatId, authorId, utc);
    const name = p[AT.author_name];
    if (p[AT.authorNamed] === 1 && authorId && name) widen(this.names, authorId, name, utc);
    const x = p[AT.extras];
    if (x === 0) return;
    for (const n of x.names ?? []) {
      this.actor(n.actorId);
      widen(this.names, n.actorId, n.name, n.at);
    }
    for (const t of x.titles ?? []) widen(this.titles, chatId, t.title, t.at);
    for (const ms of x.memberships ?? []) {
      if (ms.actorId) this.actor(ms.actorId);
      const id = memberId(key(ms.chatId, ms.messageId, ms.kind, ms.actorId, ms.memberName));
      this.member({
        id,
        actor_id: ms.actorId,
        member_name: ms.memberName,
        chat_id: ms.chatId,
        kind: ms.kind,
        at: ms.at,
        last_at: ms.at,
        message_id: ms.messageId,
        by_actor_id: ms.byActorId,
      });
    }
  }

  private member(r: MemberRow): void {
    const e = this.members.get(r.id);
    if (!e) this.members.set(r.id, r);
    else {
      if (e.at === null || (r.at !== null && r.at < e.at)) e.at = r.at;
      if (e.last_at === null || (r.last_at !== null && r.last_at > e.last_at)) e.last_at = r.last_at;
    }
  }

  /** A media occurrence (and the media row when the file was stored). */
  occurrence(
    chatId: string,
    messageId: number,
    o: MediaRef,
    stored: { readonly sha256: string; readonly size: number } | null,
  ): void {
    if (stored) {
      this.media.push([stored.sha256, o.kind, o.mime, stored.size, o.width, o.height, o.duration]);
      this.sourceFile(o.path, stored.sha256, stored.size);
      this.counts.media++;
    }
    this.occurrences.push([
      chatId,
      messageId,
      o.role,
      o.kind,
      stored?.sha256 ?? null,
      o.path,
      o.absence,
      o.mime,
      o.fileName,
      o.declaredSize,
      o.width,
      o.height,
      o.duration,
      this.src.id,
    ]);
  }

  /** A per-item issue of this source. */
  issue(i: ItemIssue): void {
    this.issues.push(issueRow(this.src, i));
    this.counts.issues++;
  }

  /**
   * A reader batch is done: write what was buffered, on PostgreSQL once PG_BATCH messages are (fewer, larger
   * statements: a round trip and a plan each) and without waiting for it: the server writes (and indexes) one batch
   * while this thread reads the next (ADR 0015 §8; the transaction waits for it before it ends). On SQLite at once
   * (synchronous, nothing to overlap).
   */
  async batchDone(): Promise<void> {
    if (this.q.dialect !== 'postgres') return this.flush();
    if (this.messages.length < (this.started ? PG_BATCH : PG_FIRST_BATCH)) {
      // The reader hands batches over synchronously: without a turn of the event loop here the connection would
      // neither send the batch in flight nor start its next statement until the writer waits for it (ADR 0015 §10).
      if (this.inflight) await turn();
      return;
    }
    this.started = true;
    if (!this.q.track) return this.flush();
    // Made and encoded before waiting for the batch in flight: the server writes that one meanwhile (ADR 0015 §11).
    const batch = this.take();
    const prepared = prepareBatch(this.q, this.src, batch);
    await this.settle();
    const write = this.write(batch, prepared);
    this.inflight = write;
    this.q.track?.(write);
  }

  /** Write one batch and count what it did. */
  private async write(b: Batch, prepared?: PreparedBatch): Promise<void> {
    const r = await writeBatch(this.q, this.src, b, prepared);
    this.counts.newMessages += r.newMessages;
    this.counts.newVersions += r.newVersions;
    this.counts.issues += r.found.length;
    this.found.push(...r.found);
  }

  /** Write what was buffered since the last flush (after the batch in flight, if any). */
  async flush(): Promise<void> {
    await this.settle();
    await this.write(this.take());
  }

  /** Wait for the batch in flight (its failure is this call's). */
  private async settle(): Promise<void> {
    const p = this.inflight;
    this.inflight = null;
    if (p) await p;
  }

  /** What was buffered since the last flush, taken out of the buffers. */
  private take(): Batch {
    const take = <T>(rows: T[]): T[] => rows.splice(0);
    return {
      chats: take(this.chats),
      actors: take(this.newActors),
      messages: take(this.messages),
      raws: take(this.raws),
      media: take(this.media),
      occurrences: take(this.occurrences),
      files: take(this.files),
      evidence: take(this.evidenceRows),
      issues: take(this.issues),
    };
  }

  /** Write the aggregated names, titles and memberships; store the metadata; link migrated groups. */
  async finish(metadata: Record<string, unknown>): Promise<void> {
    await this.flush();
    const { q } = this;
    const s = this.src.id;
    const names = flatRanges(this.names).sort((a, b) => key(a[0], a[1]).localeCompare(key(b[0], b[1])));
    const nameCols = ['actor_id', 'name', 'first_seen', 'last_seen', 'source_id'] as const;
    await q.bulk.insert(
      'actor_name',
      nameCols,
      names.map(([a, n, r]) => [a, n, r.first, r.last, s]),
      { onConflict: 'ignore' },
    );
    for (const [chatId, r] of this.chatRange) if (r.header) widen(this.titles, chatId, r.header, r.last);
    const titleCols = ['chat_id', 'title', 'first_seen', 'last_seen', 'source_id'] as const;
    await q.bulk.insert(
      'chat_title',
      titleCols,
      flatRanges(this.titles).map(([c, t, r]) => [c, t, r.first, r.last, s]),
      {
        onConflict: 'ignore',
      },
    );
    for (const [chatId, actorId, r] of flatRanges(this.posted)) {
      const id = memberId(key(chatId, 'posted', actorId));
      this.member({
        id,
        actor_id: actorId,
        member_name: null,
        chat_id: chatId,
        kind: 'posted',
        at: r.first,
        last_at: r.last,
        message_id: null,
        by_actor_id: null,
      });
    }
    await upsertMemberships(q, [...this.members.values()], s);
    for (const chatId of this.chatRange.keys()) await refreshChatTitle(q, chatId);
    await q.db
      .updateTable('source')
      .set({ metadata: canonicalJson(metadata) })
      .where('id', '=', s)
      .execute();
    await linkMigratedGroups(q, [...this.chatRange.keys()]);
    // The search index (derived): on PostgreSQL the new messages are in already (batch by batch).
    await indexSource(q, s, q.dialect === 'postgres' ? 'known' : 'all');
  }
}

/** One turn of the event loop: socket events (the connection's replies, its writable stream) are handled. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Messages buffered before a write on PostgreSQL (8 reader batches: fewer statements, each a round trip and a plan). */
const PG_BATCH = 4096;
/** The first batch on PostgreSQL: the server idles until it comes (ADR 0015 §9). */
const PG_FIRST_BATCH = 1024;
