import type { Selectable } from 'kysely';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/canonical.js';
import type { StoreQ } from './port.js';
import type { DB } from './schema.js';
import { sameContent, type ComparedRow } from './cross-kind.js';
import {
  addVersion,
  firstSourceOf,
  materialiseFirstSource,
  refreshChatTitle,
  upsertMemberships,
} from './import-statements.js';
import { fillVersionHash } from './version-hash.js';

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
export function linkableMessages(q: StoreQ, chatId: string): Promise<StoredLinkable[]> {
  return q.db
    .selectFrom('message')
    .select([
      'message_id as messageId',
      'type',
      'date_utc as utc',
      'author_id as authorId',
      'author_name as authorName',
    ])
    .where('chat_id', '=', chatId)
    .orderBy('message_id')
    .execute();
}

/** The platform id a derived id was linked to, if any. */
export async function aliasOf(q: StoreQ, aliasId: string): Promise<string | undefined> {
  return (await q.db.selectFrom('id_alias').select('id').where('alias_id', '=', aliasId).executeTakeFirst())
    ?.id;
}

/** True when the chat exists. */
export async function chatExists(q: StoreQ, chatId: string): Promise<boolean> {
  return (
    (await q.db.selectFrom('chat').select('id').where('id', '=', chatId).executeTakeFirst()) !== undefined
  );
}

const key = (...parts: (string | number | null)[]): string =>
  parts.map((p) => (p === null ? '' : String(p))).join('\u0000');
const memberId = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 32);

/** The tables that move with a chat (whole) or with a message, keyed by `chat_id`. */
type ChatKeyed = 'chat_title' | 'chat_source' | 'message_source' | 'message_version' | 'media_occurrence';

/**
 * Move rows of `table` from chat `from` to chat `to` (of one message when `messageId` is given): each row is
 * copied under `to` unless its key exists there already, then the `from` rows go (what SQLite's `UPDATE OR IGNORE`
 * + `DELETE` did, on both databases).
 */
async function moveChatRows(
  q: StoreQ,
  table: ChatKeyed,
  from: string,
  to: string,
  messageId?: number,
): Promise<void> {
  const t = table as 'message_source'; // every one has chat_id; only the message tables are filtered by message_id
  let sel = q.db.selectFrom(t).selectAll().where('chat_id', '=', from);
  if (messageId !== undefined) sel = sel.where('message_id', '=', messageId);
  const rows = await sel.execute();
  for (let i = 0; i < rows.length; i += 500)
    await q.db
      .insertInto(t)
      .values(rows.slice(i, i + 500).map((r) => ({ ...r, chat_id: to })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  let del = q.db.deleteFrom(t).where('chat_id', '=', from);
  if (messageId !== undefined) del = del.where('message_id', '=', messageId);
  await del.execute();
}

type Row = Selectable<DB['message']>;

/**
 * Tie an HTML-imported chat (derived id) and its derived accounts to platform ids (ADR 0007). Call inside one
 * transaction together with the audit event. Messages of `htmlChat` move into `platformChat` (a message already
 * there keeps its row; the HTML source is added to `message_source` (with the first source's row, ADR 0009), and
 * `message_version` gets both versions only when the normalised text or a known edit time differ); media
 * occurrences, titles and chat sources follow; author, membership and name rows of each linked account are
 * rewritten; derived chat and actor rows stay, listed in `id_alias`. Accounts not in `actors` (conflicts) are left
 * as they are.
 */
export async function applyHtmlLink(
  q: StoreQ,
  input: {
    htmlChat: string;
    platformChat: string;
    actors: readonly ActorAlias[];
    auditSeq: number;
    at: string;
    chatDetails: Record<string, unknown>;
  },
): Promise<LinkCounts> {
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
  for (const t of ['chat_title', 'chat_source'] as const) await moveChatRows(q, t, H, P);

  const rows = await q.db
    .selectFrom('message')
    .selectAll()
    .where('chat_id', '=', H)
    .orderBy('message_id')
    .execute();
  for (const h of rows) {
    const p = await q.db
      .selectFrom('message')
      .selectAll()
      .where('chat_id', '=', P)
      .where('message_id', '=', h.message_id)
      .executeTakeFirst();
    if (!p) {
      await q.db
        .insertInto('message')
        .values({ ...h, chat_id: P, author_id: to(h.author_id) })
        .execute();
      c.movedMessages++;
    } else {
      c.mergedMessages++;
      await mergeMessage(q, p, h, c);
    }
    for (const t of ['message_source', 'message_version', 'media_occurrence'] as const)
      await moveChatRows(q, t, H, P, h.message_id);
    await q.db
      .deleteFrom('message')
      .where('chat_id', '=', H)
      .where('message_id', '=', h.message_id)
      .execute();
  }

  for (const [from, target] of map) {
    const r = await q.db
      .updateTable('message')
      .set({ author_id: target })
      .where('author_id', '=', from)
      .executeTakeFirst();
    c.authorsRewritten += Number(r.numUpdatedRows);
    c.names += await moveNames(q, from, target);
  }
  c.memberships = await relinkMemberships(q, H, P, map);
  await refreshChatTitle(q, P);
  const aliases = [
    { alias_id: H, id: P, kind: 'chat' as const, details: canonicalJson(input.chatDetails) },
    ...input.actors.map((a) => ({
      alias_id: a.from,
      id: a.to,
      kind: 'actor' as const,
      details: canonicalJson(a.details),
    })),
  ].map((a) => ({ ...a, linked_at: input.at, audit_seq: input.auditSeq }));
  await q.db.insertInto('id_alias').values(aliases).execute();
  c.aliases = aliases.length;
  return c;
}

/** A message both chats hold: both versions get hashes and message_source rows; differing ones both versions. */
async function mergeMessage(q: StoreQ, p: Row, h: Row, c: LinkCounts): Promise<void> {
  // Two sources now hold the message: both get their version hashes and message_source rows (ADR 0009).
  if (p.version_hash === '') p.version_hash = (await fillVersionHash(q, p.chat_id, p.message_id)) ?? '';
  if (h.version_hash === '') h.version_hash = (await fillVersionHash(q, h.chat_id, h.message_id)) ?? '';
  await materialiseFirstSource(q, p.chat_id, p.message_id);
  await materialiseFirstSource(q, h.chat_id, h.message_id);
  const cmp = (r: Row): ComparedRow => ({
    text: r.text,
    editedUtc: r.edited_utc,
    type: r.type,
    utc: r.date_utc,
  });
  if (sameContent(cmp(p), cmp(h)) || p.version_hash === h.version_hash) return;
  c.differingMessages++;
  for (const r of [p, h]) {
    const first = await firstSourceOf(q, r.chat_id, r.message_id, r.version_hash);
    if (first)
      await addVersion(q, {
        chatId: p.chat_id,
        messageId: r.message_id,
        versionHash: r.version_hash,
        editedUtc: r.edited_utc,
        text: r.text,
        raw: r.raw,
        firstSourceId: first,
      });
  }
}

/** Name rows of `from` move to `target` unless `target` has the same row already (those stay); returns the moved. */
async function moveNames(q: StoreQ, from: string, target: string): Promise<number> {
  const rows = await q.db
    .selectFrom('actor_name')
    .selectAll()
    .where('actor_id', '=', from)
    .orderBy('name')
    .orderBy('source_id')
    .execute();
  let n = 0;
  for (const r of rows) {
    const ins = await q.db
      .insertInto('actor_name')
      .values({ ...r, actor_id: target })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) continue;
    await q.db
      .deleteFrom('actor_name')
      .where('actor_id', '=', from)
      .where('name', '=', r.name)
      .where('source_id', '=', r.source_id)
      .execute();
    n++;
  }
  return n;
}

/** Memberships of the HTML chat or of a linked account get their new chat, actors and ids (merged when equal). */
async function relinkMemberships(
  q: StoreQ,
  H: string,
  P: string,
  map: ReadonlyMap<string, string>,
): Promise<number> {
  const to = (id: string | null): string | null => (id === null ? null : (map.get(id) ?? id));
  const accounts = [...map.keys()];
  const ms = await q.db
    .selectFrom('membership')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('chat_id', '=', H),
        ...(accounts.length ? [eb('actor_id', 'in', accounts), eb('by_actor_id', 'in', accounts)] : []),
      ]),
    )
    .orderBy('id')
    .execute();
  for (const m of ms) {
    const chat = m.chat_id === H ? P : m.chat_id;
    const actor = to(m.actor_id);
    const id =
      m.kind === 'posted' && m.message_id === null
        ? memberId(key(chat, 'posted', actor))
        : memberId(key(chat, m.message_id, m.kind, actor, m.member_name));
    await q.db.deleteFrom('membership').where('id', '=', m.id).execute();
    await upsertMemberships(
      q,
      [{ ...m, id, actor_id: actor, chat_id: chat, by_actor_id: to(m.by_actor_id) }],
      m.source_id,
    );
  }
  return ms.length;
}
