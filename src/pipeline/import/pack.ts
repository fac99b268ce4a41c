import type { MessageRecord } from '../../domain/import-records.js';
import { packMessage, type PackedMessage } from '../../domain/message-row.js';

const isEmpty = (o: object): boolean => {
  for (const _k in o) return false;
  return true;
};

/**
 * Pack a normalised message for the import writer (ADR 0009): the `message` row's values by name plus the rare
 * extras, so that a reading worker thread hands over flat arrays instead of object trees.
 */
export function packForWriter(m: MessageRecord): PackedMessage {
  let names = m.names;
  let authorNamed: 0 | 1 = 0;
  const first = names[0];
  if (first && first.actorId === m.authorId && first.name === m.authorName && first.at === m.date.utc) {
    authorNamed = 1;
    names = names.length === 1 ? [] : names.slice(1);
  }
  const hasExtras = m.media.length || m.memberships.length || m.titles.length || names.length;
  return packMessage({
    chat_id: m.chatId,
    message_id: m.messageId,
    type: m.type,
    author_id: m.authorId,
    author_name: m.authorName,
    date_utc: m.date.utc,
    date_local: m.date.local,
    tz_assumed: m.date.zone,
    date_quality: m.date.quality,
    edited_utc: m.editedUtc,
    text: m.text,
    entities: m.entities.length ? JSON.stringify(m.entities) : null,
    reply_to: m.replyTo,
    reply_to_peer: m.replyToPeer,
    forwarded_from: m.forwardedFrom,
    saved_from: m.savedFrom,
    via_bot: m.viaBot,
    signature: m.signature,
    action: m.action,
    details: isEmpty(m.details) ? '{}' : JSON.stringify(m.details),
    version_hash: m.versionHash,
    raw: m.rawRef ? null : m.raw,
    rawOffset: m.rawRef?.offset ?? 0,
    rawLength: m.rawRef?.length ?? 0,
    authorNamed,
    extras: hasExtras
      ? {
          ...(m.media.length ? { media: m.media } : {}),
          ...(m.memberships.length ? { memberships: m.memberships } : {}),
          ...(m.titles.length ? { titles: m.titles } : {}),
          ...(names.length ? { names } : {}),
        }
      : 0,
  });
}
