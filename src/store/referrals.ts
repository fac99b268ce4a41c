import type { StoreQ } from './port.js';

/** A referral package as the case records it (migration 10). */
export interface ReferralRecord {
  readonly packageId: string;
  readonly country: string;
  readonly actors: readonly string[];
  /** SHA-256 of the package's signed `tagmanifest-sha512.txt`. */
  readonly tagManifestSha256: string;
  /** SHA-256 fingerprint of the signing key. */
  readonly signer: string;
  readonly includeMedia: boolean;
  readonly forced: boolean;
  readonly reason: string | null;
  readonly user: string;
  readonly at: string;
  readonly auditSeq: number;
}

/** One message a target wrote (or one it replied to), as a package cites it. */
export interface ReferralMessageRow {
  readonly chatId: string;
  readonly messageId: number;
  readonly type: string;
  readonly authorId: string | null;
  readonly dateUtc: number | null;
  readonly text: string | null;
  readonly replyTo: number | null;
  readonly forwardedFrom: string | null;
  /** Inline raw text or a `source:` reference (see import-raw.ts). */
  readonly raw: string;
  readonly sourceId: string | null;
}

/** One media file posted in a cited message, with its signals and the categories people and lists gave it. */
export interface ReferralMediaRow {
  readonly chatId: string;
  readonly messageId: number;
  readonly sha256: string;
  readonly kind: string;
  readonly mime: string | null;
  readonly size: number;
  readonly fileName: string | null;
  readonly path: string;
}

/** Rows per `IN (…)` chunk. */
const CHUNK = 400;

async function chunked<T, R>(items: readonly T[], fn: (part: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(...(await fn(items.slice(i, i + CHUNK))));
  return out;
}

const MESSAGE_COLUMNS = [
  'chat_id',
  'message_id',
  'type',
  'author_id',
  'date_utc',
  'text',
  'reply_to',
  'forwarded_from',
  'raw',
  'source_id',
] as const;

type MessageSql = {
  chat_id: string;
  message_id: number;
  type: string;
  author_id: string | null;
  date_utc: number | null;
  text: string | null;
  reply_to: number | null;
  forwarded_from: string | null;
  raw: string;
  source_id: string | null;
};

const messageOf = (r: MessageSql): ReferralMessageRow => ({
  chatId: r.chat_id,
  messageId: Number(r.message_id),
  type: r.type,
  authorId: r.author_id,
  dateUtc: r.date_utc === null ? null : Number(r.date_utc),
  text: r.text,
  replyTo: r.reply_to === null ? null : Number(r.reply_to),
  forwardedFrom: r.forwarded_from,
  raw: r.raw,
  sourceId: r.source_id,
});

/** Referral packages (append-only) and the reads that build one. */
export function referralRepo(q: StoreQ) {
  return {
    /** Record a package (call inside the transaction that appends its audit event). */
    append: async (r: ReferralRecord): Promise<void> => {
      await q.db
        .insertInto('referral')
        .values({
          package_id: r.packageId,
          country: r.country,
          actors: JSON.stringify(r.actors),
          tag_manifest_sha256: r.tagManifestSha256,
          signer: r.signer,
          include_media: r.includeMedia ? 1 : 0,
          forced: r.forced ? 1 : 0,
          reason: r.reason,
          user: r.user,
          at: r.at,
          audit_seq: r.auditSeq,
        })
        .execute();
    },
    /** Every package recorded, oldest first. */
    list: async (): Promise<ReferralRecord[]> =>
      (await q.db.selectFrom('referral').selectAll().orderBy('id').execute()).map((r) => ({
        packageId: r.package_id,
        country: r.country,
        actors: JSON.parse(r.actors) as string[],
        tagManifestSha256: r.tag_manifest_sha256,
        signer: r.signer,
        includeMedia: Number(r.include_media) === 1,
        forced: Number(r.forced) === 1,
        reason: r.reason,
        user: r.user,
        at: r.at,
        auditSeq: Number(r.audit_seq),
      })),
    /** Every message these actors wrote, by chat then message id. */
    messagesBy: async (actors: readonly string[]): Promise<ReferralMessageRow[]> =>
      (
        await chunked(actors, (part) =>
          q.db.selectFrom('message').select(MESSAGE_COLUMNS).where('author_id', 'in', part).execute(),
        )
      )
        .map(messageOf)
        .sort((a, b) => (a.chatId < b.chatId ? -1 : a.chatId > b.chatId ? 1 : a.messageId - b.messageId)),
    /** The messages of one chat with these ids (the ones cited messages reply to). */
    messagesIn: async (chatId: string, ids: readonly number[]): Promise<ReferralMessageRow[]> =>
      (
        await chunked(ids, (part) =>
          q.db
            .selectFrom('message')
            .select(MESSAGE_COLUMNS)
            .where('chat_id', '=', chatId)
            .where('message_id', 'in', part)
            .execute(),
        )
      ).map(messageOf),
    /** The media files (hashed) posted in a chat's messages with these ids. */
    mediaIn: async (chatId: string, ids: readonly number[]): Promise<ReferralMediaRow[]> =>
      (
        await chunked(ids, (part) =>
          q.db
            .selectFrom('media_occurrence as o')
            .innerJoin('media as m', 'm.sha256', 'o.sha256')
            .select([
              'o.chat_id',
              'o.message_id',
              'm.sha256',
              'm.kind',
              'm.mime',
              'm.size',
              'o.file_name',
              'o.path',
            ])
            .where('o.chat_id', '=', chatId)
            .where('o.message_id', 'in', part)
            .execute(),
        )
      ).map((r) => ({
        chatId: r.chat_id,
        messageId: Number(r.message_id),
        sha256: r.sha256,
        kind: r.kind,
        mime: r.mime,
        size: Number(r.size),
        fileName: r.file_name,
        path: r.path,
      })),
    /** Signals (md5, sha1, pdq …) of these media: sha256 → type → value (the `full` convention for PDQ). */
    signals: async (sha256s: readonly string[]): Promise<Map<string, Map<string, string>>> => {
      const rows = await chunked(sha256s, (part) =>
        q.db
          .selectFrom('signal')
          .select(['sha256', 'type', 'convention', 'value'])
          .where('sha256', 'in', part)
          .where('type', 'in', ['md5', 'sha1', 'pdq'])
          .execute(),
      );
      const out = new Map<string, Map<string, string>>();
      for (const r of rows) {
        if (r.type === 'pdq' && r.convention !== 'full') continue;
        const m = out.get(r.sha256) ?? new Map<string, string>();
        m.set(r.type, r.value);
        out.set(r.sha256, m);
      }
      return out;
    },
    /** Hash-list matches of these media: list, category, scheme, distance. */
    matches: async (
      sha256s: readonly string[],
    ): Promise<
      { sha256: string; list: string; category: string | null; scheme: string | null; distance: number }[]
    > =>
      (
        await chunked(sha256s, (part) =>
          q.db
            .selectFrom('match as x')
            .innerJoin('hash_list_entry as e', 'e.id', 'x.entry_id')
            .select(['x.sha256', 'x.list_name', 'e.category', 'e.scheme', 'x.distance'])
            .where('x.sha256', 'in', part)
            .execute(),
        )
      )
        .map((r) => ({
          sha256: r.sha256,
          list: r.list_name,
          category: r.category,
          scheme: r.scheme,
          distance: Number(r.distance),
        }))
        .sort((a, b) =>
          a.sha256 !== b.sha256
            ? a.sha256 < b.sha256
              ? -1
              : 1
            : a.list < b.list
              ? -1
              : a.list > b.list
                ? 1
                : a.distance - b.distance,
        ),
    /** Names of these actors over time (every source), by actor then first seen. */
    names: async (
      actors: readonly string[],
    ): Promise<{ actor: string; name: string; firstSeen: number | null; lastSeen: number | null }[]> =>
      (
        await chunked(actors, (part) =>
          q.db
            .selectFrom('actor_name')
            .select(['actor_id', 'name'])
            .select((e) => [e.fn.min('first_seen').as('first_seen'), e.fn.max('last_seen').as('last_seen')])
            .where('actor_id', 'in', part)
            .groupBy(['actor_id', 'name'])
            .execute(),
        )
      )
        .map((r) => ({
          actor: r.actor_id,
          name: r.name,
          firstSeen: r.first_seen === null ? null : Number(r.first_seen),
          lastSeen: r.last_seen === null ? null : Number(r.last_seen),
        }))
        .sort((a, b) =>
          a.actor !== b.actor
            ? a.actor < b.actor
              ? -1
              : 1
            : (a.firstSeen ?? 0) - (b.firstSeen ?? 0) || (a.name < b.name ? -1 : 1),
        ),
    /** Chats with these ids: id, type, title. */
    chats: async (
      ids: readonly string[],
    ): Promise<{ id: string; type: string | null; title: string | null }[]> =>
      (
        await chunked(ids, (part) =>
          q.db.selectFrom('chat').select(['id', 'type', 'title']).where('id', 'in', part).execute(),
        )
      ).sort((a, b) => (a.id < b.id ? -1 : 1)),
    /** Every source (export) of the case: id, kind, SHA-256 of its main file, undercover account, import time. */
    sources: async (): Promise<
      {
        id: string;
        kind: string;
        sha256: string;
        label: string | null;
        importedAt: string;
        metadata: string;
      }[]
    > =>
      (
        await q.db
          .selectFrom('source')
          .select(['id', 'kind', 'sha256', 'label', 'imported_at', 'metadata'])
          .orderBy('id')
          .execute()
      ).map((r) => ({
        id: r.id,
        kind: r.kind,
        sha256: r.sha256,
        label: r.label,
        importedAt: r.imported_at,
        metadata: r.metadata,
      })),
    /** New-content clusters these actors originated: id, members, occurrences, first seen, chats reached, reposters. */
    clustersBy: async (
      actors: readonly string[],
    ): Promise<
      {
        id: string;
        originator: string;
        members: number;
        firstSeen: number | null;
        chatsReached: number;
        reposters: number;
      }[]
    > =>
      (
        await chunked(actors, (part) =>
          q.db
            .selectFrom('cluster')
            .select(['id', 'originator_id', 'members', 'first_seen', 'chats_reached', 'reposters'])
            .where('originator_id', 'in', part)
            .where('status', '=', 'new')
            .execute(),
        )
      )
        .map((r) => ({
          id: r.id,
          originator: r.originator_id ?? '',
          members: Number(r.members),
          firstSeen: r.first_seen === null ? null : Number(r.first_seen),
          chatsReached: Number(r.chats_reached),
          reposters: Number(r.reposters),
        }))
        .sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}
