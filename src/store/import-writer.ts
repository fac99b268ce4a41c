import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { parseAnyId } from '../domain/ids.js';
import type { ItemIssue } from '../domain/issue.js';
import { canonicalJson } from '../domain/canonical.js';
import type { ChatInput, MessageInput, OccurrenceInput, SourceInput, WriteCounts } from './import-types.js';
import { linkMigratedGroups } from './migrated-groups.js';
import { prepareImportStatements, type ImportStatements } from './import-statements.js';
import { rawRefOf } from './import-raw.js';
import { crossCollision, isDerived, sameContent, type ComparedRow } from './cross-kind.js';

export type { ChatInput, MessageInput, OccurrenceInput, SourceInput, WriteCounts };

/** Derived source id: the same export always gets the same id. */
export function sourceIdOf(kind: string, sha256: string): string {
  return `src-${createHash('sha256').update(`${kind}:${sha256}`).digest('hex').slice(0, 16)}`;
}

/** The id of the source with this kind and SHA-256, if it is already in the case. */
export function findSource(raw: Database.Database, kind: string, sha256: string): string | undefined {
  const r = raw.prepare('SELECT id FROM source WHERE kind = ? AND sha256 = ?').get(kind, sha256) as
    { id: string } | undefined;
  return r?.id;
}

/** The stored message row (with the ComparedRow aliases editedUtc, utc). */
interface CurrentRow extends ComparedRow {
  version_hash: string;
  edited_utc: number | null;
  text: string | null;
  raw: string;
  author_id: string | null;
  date_utc: number | null;
  type: string;
}

const fromInput = (m: MessageInput): ComparedRow => ({
  text: m.text,
  editedUtc: m.editedUtc,
  type: m.type,
  utc: m.date.utc,
});

const isEmpty = (o: object): boolean => {
  for (const _k in o) return false;
  return true;
};
const min = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b);
const max = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b);
const key = (...parts: (string | number | null)[]): string =>
  parts.map((p) => (p === null ? '' : String(p))).join('\u0000');
const memberId = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 32);

/** Writes one source's rows with prepared statements; call inside the source's single transaction. */
export class ImportWriter {
  readonly counts: WriteCounts = {
    chats: 0,
    messages: 0,
    newMessages: 0,
    newVersions: 0,
    media: 0,
    issues: 0,
  };
  private readonly s: ImportStatements;
  private readonly actors = new Set<string>();
  private readonly names = new Map<
    string,
    { actorId: string; name: string; first: number | null; last: number | null }
  >();
  private readonly posted = new Map<
    string,
    { chatId: string; actorId: string; first: number | null; last: number | null }
  >();
  private readonly titles = new Map<
    string,
    { chatId: string; title: string; first: number | null; last: number | null }
  >();
  private readonly chatRange = new Map<string, { header: string | null; last: number | null }>();

  constructor(
    private readonly raw: Database.Database,
    private readonly src: SourceInput,
  ) {
    // A bigger page cache keeps a large single-transaction import from spilling and re-reading pages (bounded: 64 MiB).
    raw.pragma('cache_size = -65536');
    this.s = prepareImportStatements(raw);
    raw
      .prepare(
        `INSERT INTO source (id, kind, sha256, label, original_path, imported_at, options, metadata, tool_version, run_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, '{}', ?, ?)`,
      )
      .run(
        src.id,
        src.kind,
        src.sha256,
        src.label,
        src.originalPath,
        new Date().toISOString(),
        canonicalJson(src.options),
        src.toolVersion,
        src.runId,
      );
  }

  /** A file of the source (the main file, a media file) with its hash. */
  sourceFile(path: string, sha256: string, size: number): void {
    this.s.sourceFile.run(this.src.id, path, sha256, size);
  }

  /** A chat seen by this source. */
  chat(c: ChatInput): void {
    this.s.chat.run(c.id, c.platform, c.type, c.title);
    this.s.chatSource.run(c.id, this.src.id, c.type, c.origin, c.rawId);
    this.chatRange.set(c.id, { header: c.title, last: null });
    this.counts.chats++;
  }

  private actor(id: string): void {
    if (this.actors.has(id)) return;
    const p = parseAnyId(id);
    this.s.actor.run(id, p?.platform ?? id.split(':')[0] ?? 'unknown', p?.kind ?? 'unknown');
    this.actors.add(id);
  }

  /** One message: new, same version again, or a new version of a known message. */
  message(m: MessageInput): void {
    this.counts.messages++;
    if (m.authorId) this.actor(m.authorId);
    // A verbatim slice of the main file is stored as a reference to its evidence copy (ADR 0008).
    const raw = m.rawRef ? rawRefOf(this.src.sha256, m.rawRef.offset, m.rawRef.length) : m.raw;
    // Same order as MESSAGE_COLUMNS (positional binding is the fast path of better-sqlite3).
    const row = [
      m.chatId,
      m.messageId,
      m.type,
      m.authorId,
      m.authorName,
      m.date.utc,
      m.date.local,
      m.date.zone,
      m.date.quality,
      m.editedUtc,
      m.text,
      m.entities.length ? JSON.stringify(m.entities) : null,
      m.replyTo,
      m.replyToPeer,
      m.forwardedFrom,
      m.savedFrom,
      m.viaBot,
      m.signature,
      m.action,
      isEmpty(m.details) ? '{}' : JSON.stringify(m.details),
      m.versionHash,
      raw,
    ];
    if (this.s.msg.run(row).changes === 1) this.counts.newMessages++;
    else {
      const cur = this.s.msgGet.get(m.chatId, m.messageId) as CurrentRow | undefined;
      const cross = cur && cur.version_hash !== m.versionHash ? this.otherKind(m, cur) : false;
      const same = cur !== undefined && cross && sameContent(cur, fromInput(m));
      // The same content from a source with platform ids and exact times (JSON) replaces an HTML-derived row.
      if (same && isDerived(cur.author_id) && !isDerived(m.authorId) && m.date.quality === 'exact')
        this.s.msgUpdate.run([...row.slice(2), m.chatId, m.messageId]);
      if (cur && cur.version_hash !== m.versionHash && !same) {
        // An edit never changes author, time or type: otherwise two id spaces collide (per-account ids of
        // private chats and basic groups, spec §2.5). Both versions are kept; the message row is not replaced.
        const collision = cross
          ? crossCollision(cur, fromInput(m))
          : cur.author_id !== m.authorId || cur.date_utc !== m.date.utc || cur.type !== m.type;
        if (collision)
          this.ownIssue({
            code: 'MESSAGE_ID_COLLISION',
            source: m.chatId,
            location: `message ${m.messageId}`,
            message:
              'another source has a different message (author, time or type) under this id; both kept in message_version',
          });
        const first = this.s.firstSource.get(m.chatId, m.messageId, cur.version_hash) as
          { source_id: string } | undefined;
        this.s.version.run(
          m.chatId,
          m.messageId,
          cur.version_hash,
          cur.edited_utc,
          cur.text,
          cur.raw,
          first?.source_id ?? this.src.id,
        );
        if (
          this.s.version.run(m.chatId, m.messageId, m.versionHash, m.editedUtc, m.text, raw, this.src.id)
            .changes
        )
          this.counts.newVersions++;
        if (!collision && (m.editedUtc ?? -1) > (cur.edited_utc ?? -1))
          this.s.msgUpdate.run([...row.slice(2), m.chatId, m.messageId]);
      }
    }
    this.s.msgSource.run(m.chatId, m.messageId, this.src.id, m.versionHash);

    const at = m.date.utc;
    const range = this.chatRange.get(m.chatId);
    if (range) range.last = max(range.last, at);
    if (m.authorId && m.type === 'message')
      this.widen(
        this.posted,
        `${m.chatId}\u0000${m.authorId}`,
        { chatId: m.chatId, actorId: m.authorId },
        at,
      );
    for (const n of m.names) {
      this.actor(n.actorId);
      this.widen(this.names, `${n.actorId}\u0000${n.name}`, { actorId: n.actorId, name: n.name }, n.at);
    }
    for (const t of m.titles)
      this.widen(this.titles, key(m.chatId, t.title), { chatId: m.chatId, title: t.title }, t.at);
    for (const ms of m.memberships) {
      if (ms.actorId) this.actor(ms.actorId);
      const id = memberId(key(ms.chatId, ms.messageId, ms.kind, ms.actorId, ms.memberName));
      this.s.membership.run(
        id,
        ms.actorId,
        ms.memberName,
        ms.chatId,
        ms.kind,
        ms.at,
        ms.at,
        ms.messageId,
        ms.byActorId,
        this.src.id,
      );
    }
  }

  /** True when the stored version of this message came only from sources of another kind (JSON vs HTML). */
  private otherKind(m: MessageInput, cur: CurrentRow): boolean {
    const kinds = this.s.versionKinds.all(m.chatId, m.messageId, cur.version_hash) as { kind: string }[];
    return kinds.length > 0 && kinds.every((k) => k.kind !== this.src.kind);
  }

  private widen<T extends object>(
    map: Map<string, T & { first: number | null; last: number | null }>,
    k: string,
    base: T,
    at: number | null,
  ): void {
    const e = map.get(k);
    if (e) {
      e.first = min(e.first, at);
      e.last = max(e.last, at);
    } else map.set(k, { ...base, first: at, last: at });
  }

  /** A media occurrence (and the media row when the file was stored). */
  occurrence(o: OccurrenceInput): void {
    if (o.stored) {
      this.s.media.run(o.stored.sha256, o.kind, o.mime, o.stored.size, o.width, o.height, o.duration);
      this.sourceFile(o.path, o.stored.sha256, o.stored.size);
      this.counts.media++;
    }
    this.s.occurrence.run(
      o.chatId,
      o.messageId,
      o.role,
      o.kind,
      o.stored?.sha256 ?? null,
      o.path,
      o.absence,
      o.mime,
      o.fileName,
      o.declaredSize,
      o.width,
      o.height,
      o.duration,
      this.src.id,
    );
  }

  /** Issues the writer itself found (id collisions), also recorded in table issue. */
  readonly found: ItemIssue[] = [];

  private ownIssue(i: ItemIssue): void {
    this.found.push(i);
    this.issue(i);
  }

  /** A per-item issue of this source. */
  issue(i: ItemIssue): void {
    this.s.issue.run(this.src.runId, this.src.id, i.code, i.source, i.location, i.message);
    this.counts.issues++;
  }

  /** Write the aggregated names, titles and posting memberships; store the metadata; link migrated groups. */
  finish(metadata: Record<string, unknown>): void {
    const ins = this.raw.prepare(
      'INSERT OR IGNORE INTO actor_name (actor_id, name, first_seen, last_seen, source_id) VALUES (?, ?, ?, ?, ?)',
    );
    for (const n of [...this.names.values()].sort((a, b) =>
      key(a.actorId, a.name).localeCompare(key(b.actorId, b.name)),
    ))
      ins.run(n.actorId, n.name, n.first, n.last, this.src.id);
    for (const [chatId, r] of this.chatRange)
      if (r.header) this.widen(this.titles, key(chatId, r.header), { chatId, title: r.header }, r.last);
    const title = this.raw.prepare(
      'INSERT OR IGNORE INTO chat_title (chat_id, title, first_seen, last_seen, source_id) VALUES (?, ?, ?, ?, ?)',
    );
    for (const t of this.titles.values()) title.run(t.chatId, t.title, t.first, t.last, this.src.id);
    for (const p of this.posted.values())
      this.s.membership.run(
        memberId(key(p.chatId, 'posted', p.actorId)),
        p.actorId,
        null,
        p.chatId,
        'posted',
        p.first,
        p.last,
        null,
        null,
        this.src.id,
      );
    const cur = this.raw.prepare(
      `UPDATE chat SET title = (SELECT title FROM chat_title WHERE chat_id = chat.id ORDER BY last_seen IS NULL, last_seen DESC, title LIMIT 1) WHERE id = ?`,
    );
    for (const chatId of this.chatRange.keys()) cur.run(chatId);
    this.raw.prepare('UPDATE source SET metadata = ? WHERE id = ?').run(canonicalJson(metadata), this.src.id);
    linkMigratedGroups(this.raw, [...this.chatRange.keys()]);
  }
}
