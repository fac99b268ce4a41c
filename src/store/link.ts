import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/canonical.js';
import { AppError } from '../domain/errors.js';
import { MESSAGE_COLUMNS, type MessageRow } from '../domain/message-row.js';
import { jsonVersionHash, MEDIA_ROLE_ORDER, versionInputOfValues } from '../domain/version-hash.js';
import { sameContent, type ComparedRow } from './cross-kind.js';
import type { MembershipTable } from './schema.js';

/** The fields of a stored message that HTML ↔ JSON linking compares (fits the pipeline's LinkableMessage). */
export interface StoredLinkable {
  readonly messageId: number;
  readonly type: string;
  readonly utc: number | null;
  readonly authorId: string | null;
  readonly authorName: string | null;
}

/** One derived account to rewrite onto a platform account. */
export interface ActorAlias {
  readonly from: string;
  readonly to: string;
  readonly details: Record<string, unknown>;
}

/** What applying a link changed. */
export interface LinkCounts {
  /** HTML messages moved into the platform chat (not present there before). */
  movedMessages: number;
  /** HTML messages whose (chat, id) already existed: only their provenance rows were moved. */
  mergedMessages: number;
  /** Merged messages whose content differs: both versions recorded in message_version. */
  differingMessages: number;
  /** Messages whose author id was rewritten to a platform account. */
  authorsRewritten: number;
  memberships: number;
  names: number;
  aliases: number;
}

/** Every message of a chat, as linking compares them, in message-id order. */
export function linkableMessages(raw: Database.Database, chatId: string): StoredLinkable[] {
  return raw
    .prepare(
      `SELECT message_id AS messageId, type, date_utc AS utc, author_id AS authorId, author_name AS authorName
       FROM message WHERE chat_id = ? ORDER BY message_id`,
    )
    .all(chatId) as StoredLinkable[];
}

/** The platform id a derived id was linked to, if any. */
export function aliasOf(raw: Database.Database, aliasId: string): string | undefined {
  const r = raw.prepare('SELECT id FROM id_alias WHERE alias_id = ?').get(aliasId) as
    { id: string } | undefined;
  return r?.id;
}

/** True when the chat exists. */
export function chatExists(raw: Database.Database, chatId: string): boolean {
  return raw.prepare('SELECT 1 FROM chat WHERE id = ?').get(chatId) !== undefined;
}

const key = (...parts: (string | number | null)[]): string =>
  parts.map((p) => (p === null ? '' : String(p))).join('\u0000');
const memberId = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 32);

interface Row extends Record<string, unknown> {
  chat_id: string;
  message_id: number;
  author_id: string | null;
  text: string | null;
  edited_utc: number | null;
  version_hash: string;
  raw: string;
}

/**
 * Tie an HTML-imported chat (derived id) and its derived accounts to platform ids (ADR 0007). Call inside one
 * transaction together with the audit event. Messages of `htmlChat` move into `platformChat` (a message already
 * there keeps its row; the HTML source is added to `message_source` (with the first source's row, ADR 0009), and `message_version` gets both versions only
 * when the normalised text or a known edit time differ); media occurrences, titles and chat sources follow; author,
 * membership and name rows of each linked account are rewritten; derived chat and actor rows stay, listed in
 * `id_alias`. Accounts not in `actors` (conflicts) are left as they are.
 */
export function applyHtmlLink(
  raw: Database.Database,
  input: {
    htmlChat: string;
    platformChat: string;
    actors: readonly ActorAlias[];
    auditSeq: number;
    at: string;
    chatDetails: Record<string, unknown>;
  },
): LinkCounts {
  const H = input.htmlChat;
  const P = input.platformChat;
  const map = new Map(input.actors.map((a) => [a.from, a.to]));
  const to = (id: string | null): string | null => (id === null ? null : (map.get(id) ?? id));
  const c: LinkCounts = {
    movedMessages: 0,
    mergedMessages: 0,
    differingMessages: 0,
    authorsRewritten: 0,
    memberships: 0,
    names: 0,
    aliases: 0,
  };
  const q = (sql: string): Database.Statement => raw.prepare(sql);

  for (const t of ['chat_title', 'chat_source']) {
    q(`UPDATE OR IGNORE ${t} SET chat_id = ? WHERE chat_id = ?`).run(P, H);
    q(`DELETE FROM ${t} WHERE chat_id = ?`).run(H);
  }

  const getP = q('SELECT * FROM message WHERE chat_id = ? AND message_id = ?');
  const insert = q(
    `INSERT INTO message (${MESSAGE_COLUMNS.join(', ')}) VALUES (${MESSAGE_COLUMNS.map(() => '?').join(', ')})`,
  );
  const firstSource = q(
    'SELECT source_id FROM message_source WHERE chat_id = ? AND message_id = ? AND version_hash = ? ORDER BY source_id LIMIT 1',
  );
  const version = q(
    'INSERT OR IGNORE INTO message_version (chat_id, message_id, version_hash, edited_utc, text, raw, first_source_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const children = ['message_source', 'message_version', 'media_occurrence'].map((t) => ({
    move: q(`UPDATE OR IGNORE ${t} SET chat_id = ? WHERE chat_id = ? AND message_id = ?`),
    drop: q(`DELETE FROM ${t} WHERE chat_id = ? AND message_id = ?`),
  }));
  const del = q('DELETE FROM message WHERE chat_id = ? AND message_id = ?');
  const materialise = q(
    'INSERT OR IGNORE INTO message_source (chat_id, message_id, source_id, version_hash) SELECT chat_id, message_id, source_id, version_hash FROM message WHERE chat_id = ? AND message_id = ? AND source_id IS NOT NULL',
  );
  const rows = q('SELECT * FROM message WHERE chat_id = ? ORDER BY message_id').all(H) as Row[];
  for (const h of rows) {
    const p = getP.get(P, h.message_id) as Row | undefined;
    if (!p) {
      const moved: Record<string, unknown> = { ...h, chat_id: P, author_id: to(h.author_id) };
      insert.run(MESSAGE_COLUMNS.map((col) => moved[col] ?? null));
      c.movedMessages++;
    } else {
      c.mergedMessages++;
      // Two sources now hold the message: both get their version hashes and message_source rows (ADR 0009).
      if (p.version_hash === '') p.version_hash = fillLegacy(raw, P, h.message_id) ?? '';
      if (h.version_hash === '') h.version_hash = fillLegacy(raw, H, h.message_id) ?? '';
      materialise.run(P, h.message_id);
      materialise.run(H, h.message_id);
      const cmp = (r: Row): ComparedRow => ({
        text: r.text,
        editedUtc: r.edited_utc,
        type: String(r['type']),
        utc: r['date_utc'] as number | null,
      });
      const same = sameContent(cmp(p), cmp(h));
      if (!same && p.version_hash !== h.version_hash) {
        c.differingMessages++;
        for (const r of [p, h]) {
          const first = firstSource.get(r.chat_id, r.message_id, r.version_hash) as
            { source_id: string } | undefined;
          if (first)
            version.run(P, r.message_id, r.version_hash, r.edited_utc, r.text, r.raw, first.source_id);
        }
      }
    }
    for (const ch of children) {
      ch.move.run(P, H, h.message_id);
      ch.drop.run(H, h.message_id);
    }
    del.run(H, h.message_id);
  }

  const author = q('UPDATE message SET author_id = ? WHERE author_id = ?');
  const names = q('UPDATE OR IGNORE actor_name SET actor_id = ? WHERE actor_id = ?');
  for (const [from, target] of map) {
    c.authorsRewritten += author.run(target, from).changes;
    c.names += names.run(target, from).changes;
  }

  const ms = q(
    `SELECT * FROM membership WHERE chat_id = ? OR actor_id IN (SELECT value FROM json_each(?))
     OR by_actor_id IN (SELECT value FROM json_each(?))`,
  ).all(H, JSON.stringify([...map.keys()]), JSON.stringify([...map.keys()])) as MembershipTable[];
  const upsert = q(
    `INSERT INTO membership (id, actor_id, member_name, chat_id, kind, at, last_at, message_id, by_actor_id, source_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET
     at = CASE WHEN membership.at IS NULL OR excluded.at < membership.at THEN excluded.at ELSE membership.at END,
     last_at = CASE WHEN membership.last_at IS NULL OR excluded.last_at > membership.last_at THEN excluded.last_at ELSE membership.last_at END`,
  );
  const dropMs = q('DELETE FROM membership WHERE id = ?');
  for (const m of ms) {
    const chat = m.chat_id === H ? P : m.chat_id;
    const actor = to(m.actor_id);
    const id =
      m.kind === 'posted' && m.message_id === null
        ? memberId(key(chat, 'posted', actor))
        : memberId(key(chat, m.message_id, m.kind, actor, m.member_name));
    dropMs.run(m.id);
    upsert.run(
      id,
      actor,
      m.member_name,
      chat,
      m.kind,
      m.at,
      m.last_at,
      m.message_id,
      to(m.by_actor_id),
      m.source_id,
    );
    c.memberships++;
  }

  q(
    `UPDATE chat SET title = (SELECT title FROM chat_title WHERE chat_id = chat.id ORDER BY last_seen IS NULL, last_seen DESC, title LIMIT 1) WHERE id = ?`,
  ).run(P);
  const alias = q(
    'INSERT INTO id_alias (alias_id, id, kind, linked_at, audit_seq, details) VALUES (?, ?, ?, ?, ?, ?)',
  );
  alias.run(H, P, 'chat', input.at, input.auditSeq, canonicalJson(input.chatDetails));
  for (const a of input.actors)
    alias.run(a.from, a.to, 'actor', input.at, input.auditSeq, canonicalJson(a.details));
  c.aliases = 1 + input.actors.length;
  return c;
}

/**
 * `store/version-hash.ts` `fillVersionHash` on the legacy SQLite connection, for `vigie link` until it moves to the
 * port (then delete).
 */
function fillLegacy(raw: Database.Database, chatId: string, messageId: number): string | null {
  const r = raw
    .prepare(
      'SELECT m.*, (SELECT kind FROM source WHERE id = m.source_id) AS kind FROM message m WHERE chat_id = ? AND message_id = ?',
    )
    .get(chatId, messageId) as (MessageRow & { kind: string | null }) | undefined;
  if (!r) return null;
  if (r.version_hash) return r.version_hash;
  if (r.kind !== 'telegram-json' || r.source_id === null)
    throw new AppError(
      'CASE_CORRUPT',
      `message ${messageId} of ${chatId} has no version hash and no JSON first source to compute it from`,
    );
  const media = (
    raw
      .prepare(
        'SELECT role, kind, mime, file_name AS fileName, width, height, duration FROM media_occurrence WHERE chat_id = ? AND message_id = ? AND source_id = ?',
      )
      .all(chatId, messageId, r.source_id) as Parameters<typeof versionInputOfValues>[1][number][]
  ).sort((a, b) => MEDIA_ROLE_ORDER.indexOf(a.role) - MEDIA_ROLE_ORDER.indexOf(b.role));
  const h = jsonVersionHash(versionInputOfValues(r, media));
  raw
    .prepare("UPDATE message SET version_hash = ? WHERE chat_id = ? AND message_id = ? AND version_hash = ''")
    .run(h, chatId, messageId);
  return h;
}
