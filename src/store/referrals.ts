import type { StoreQ } from './port.js';
import { chunked, referralFacts } from './repos/referrals.js';

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
    ...referralFacts(q),
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
  };
}
