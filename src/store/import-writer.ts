import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { parseAnyId } from '../domain/ids.js';
import type { ItemIssue } from '../domain/issue.js';
import { canonicalJson } from '../domain/canonical.js';
import type { MediaRef, PackedMessage } from '../domain/import-records.js';
import type { ChatInput, SourceInput, WriteCounts } from './import-types.js';
import { linkMigratedGroups } from './migrated-groups.js';
import { prepareImportStatements, type ImportStatements } from './import-statements.js';
import { rawRefOf } from './import-raw.js';
import { fillVersionHash, packedVersionHash } from './version-hash.js';
import { crossCollision, isDerived, sameContent, type ComparedRow } from './cross-kind.js';

export type { ChatInput, SourceInput, WriteCounts };

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

const compared = (v: PackedMessage): ComparedRow => ({
  text: v[10],
  editedUtc: v[9],
  type: v[2],
  utc: v[5],
});

const min = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b);
const max = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b);
const key = (...parts: (string | number | null)[]): string =>
  parts.map((p) => (p === null ? '' : String(p))).join('\u0000');
/** A first/last time range. */
interface Range {
  first: number | null;
  last: number | null;
}
/** Widen the range at map[a][b] to include `at`. */
function widen2(map: Map<string, Map<string, Range>>, a: string, b: string, at: number | null): void {
  let inner = map.get(a);
  if (!inner) map.set(a, (inner = new Map()));
  const e = inner.get(b);
  if (e) {
    e.first = min(e.first, at);
    e.last = max(e.last, at);
  } else inner.set(b, { first: at, last: at });
}
const flat = (map: Map<string, Map<string, Range>>): [string, string, Range][] =>
  [...map].flatMap(([a, inner]) => [...inner].map(([b, r]): [string, string, Range] => [a, b, r]));
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
  /** Name ranges by account, then name (nested maps: no key string per message). */
  private readonly names = new Map<string, Map<string, Range>>();
  /** Posting ranges by chat, then author. */
  private readonly posted = new Map<string, Map<string, Range>>();
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

  /** One message (packed, ADR 0009): new, same version again, or a new version of a known message. */
  message(p: PackedMessage): void {
    this.counts.messages++;
    const [chatId, , type, authorId, authorName, utc] = p;
    if (authorId) this.actor(authorId);
    // A verbatim slice of the main file is stored as a reference to its evidence copy (ADR 0008, 0009).
    const raw = p[21] ?? rawRefOf(this.src.id, p[22], p[23]);
    // MESSAGE_COLUMNS order, bound positionally (better-sqlite3's fast path, no array per row), then the first
    // source. A message seen by one source only needs no message_source row (ADR 0009): message.source_id says it.
    if (
      this.s.msg.run(
        p[0],
        p[1],
        p[2],
        p[3],
        p[4],
        p[5],
        p[6],
        p[7],
        p[8],
        p[9],
        p[10],
        p[11],
        p[12],
        p[13],
        p[14],
        p[15],
        p[16],
        p[17],
        p[18],
        p[19],
        p[20],
        raw,
        this.src.id,
      ).changes === 1
    )
      this.counts.newMessages++;
    else this.known(p, raw);

    const range = this.chatRange.get(chatId);
    if (range) range.last = max(range.last, utc);
    if (authorId && type === 'message') widen2(this.posted, chatId, authorId, utc);
    if (p[24] === 1 && authorId && authorName) this.name(authorId, authorName, utc);
    const x = p[25];
    if (x === 0) return;
    for (const n of x.names ?? []) {
      this.actor(n.actorId);
      this.name(n.actorId, n.name, n.at);
    }
    for (const t of x.titles ?? [])
      this.widen(this.titles, key(chatId, t.title), { chatId, title: t.title }, t.at);
    for (const ms of x.memberships ?? []) {
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

  private name(actorId: string, name: string, at: number | null): void {
    widen2(this.names, actorId, name, at);
  }

  /** A message already in the case: record this source, and a new version when the content differs. */
  private known(p: PackedMessage, raw: string): void {
    const [chatId, messageId, , authorId, , utc] = p;
    const cur = this.s.msgGet.get(chatId, messageId) as CurrentRow | undefined;
    // Version hashes are computed only now that a second source brings the message (ADR 0009).
    if (cur?.version_hash === '') cur.version_hash = fillVersionHash(this.raw, chatId, messageId) ?? '';
    const versionHash = packedVersionHash(p);
    p[20] = versionHash;
    // A newer version replaces the row's content columns (not the key, not the first source).
    const update = (): void => {
      this.s.msgUpdate.run([...p.slice(2, 21), raw, chatId, messageId]);
    };
    this.s.materialise.run(chatId, messageId);
    this.s.msgSource.run(chatId, messageId, this.src.id, versionHash);
    const cross = cur && cur.version_hash !== versionHash ? this.otherKind(chatId, messageId, cur) : false;
    const same = cur !== undefined && cross && sameContent(cur, compared(p));
    // The same content from a source with platform ids and exact times (JSON) replaces an HTML-derived row.
    if (same && isDerived(cur.author_id) && !isDerived(authorId) && p[8] === 'exact') update();
    if (!cur || cur.version_hash === versionHash || same) return;
    // An edit never changes author, time or type: otherwise two id spaces collide (per-account ids of
    // private chats and basic groups, spec §2.5). Both versions are kept; the message row is not replaced.
    const collision = cross
      ? crossCollision(cur, compared(p))
      : cur.author_id !== authorId || cur.date_utc !== utc || cur.type !== p[2];
    if (collision)
      this.ownIssue({
        code: 'MESSAGE_ID_COLLISION',
        source: chatId,
        location: `message ${messageId}`,
        message:
          'another source has a different message (author, time or type) under this id; both kept in message_version',
      });
    const first = this.s.firstSource.get(chatId, messageId, cur.version_hash) as
      { source_id: string } | undefined;
    this.s.version.run(
      chatId,
      messageId,
      cur.version_hash,
      cur.edited_utc,
      cur.text,
      cur.raw,
      first?.source_id ?? this.src.id,
    );
    const edited = p[9];
    if (this.s.version.run(chatId, messageId, versionHash, edited, p[10], raw, this.src.id).changes)
      this.counts.newVersions++;
    if (!collision && (edited ?? -1) > (cur.edited_utc ?? -1)) update();
  }

  /** True when the stored version of this message came only from sources of another kind (JSON vs HTML). */
  private otherKind(chatId: string, messageId: number, cur: CurrentRow): boolean {
    const kinds = this.s.versionKinds.all(chatId, messageId, cur.version_hash) as { kind: string }[];
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
  occurrence(
    chatId: string,
    messageId: number,
    o: MediaRef,
    stored: { readonly sha256: string; readonly size: number } | null,
  ): void {
    if (stored) {
      this.s.media.run(stored.sha256, o.kind, o.mime, stored.size, o.width, o.height, o.duration);
      this.sourceFile(o.path, stored.sha256, stored.size);
      this.counts.media++;
    }
    this.s.occurrence.run(
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
    for (const [actorId, name, r] of flat(this.names).sort((a, b) =>
      key(a[0], a[1]).localeCompare(key(b[0], b[1])),
    ))
      ins.run(actorId, name, r.first, r.last, this.src.id);
    for (const [chatId, r] of this.chatRange)
      if (r.header) this.widen(this.titles, key(chatId, r.header), { chatId, title: r.header }, r.last);
    const title = this.raw.prepare(
      'INSERT OR IGNORE INTO chat_title (chat_id, title, first_seen, last_seen, source_id) VALUES (?, ?, ?, ?, ?)',
    );
    for (const t of this.titles.values()) title.run(t.chatId, t.title, t.first, t.last, this.src.id);
    for (const [chatId, actorId, r] of flat(this.posted))
      this.s.membership.run(
        memberId(key(chatId, 'posted', actorId)),
        actorId,
        null,
        chatId,
        'posted',
        r.first,
        r.last,
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
