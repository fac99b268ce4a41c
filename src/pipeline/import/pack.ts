import type { MessageRecord, PackedMessage } from '../../domain/import-records.js';

const isEmpty = (o: object): boolean => {
  for (const _k in o) return false;
  return true;
};

/**
 * Pack a normalised message for the import writer (ADR 0009): the `message` row's values in the writer's column
 * order plus the rare extras, so that a reading worker thread hands over flat arrays instead of object trees.
 */
export function packMessage(m: MessageRecord): PackedMessage {
  const p: PackedMessage = [
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
    m.rawRef ? null : m.raw,
    m.rawRef?.offset ?? 0,
    m.rawRef?.length ?? 0,
    0,
    0,
  ];
  let names = m.names;
  const first = names[0];
  if (first && first.actorId === m.authorId && first.name === m.authorName && first.at === m.date.utc) {
    p[24] = 1;
    names = names.length === 1 ? [] : names.slice(1);
  }
  if (m.media.length || m.memberships.length || m.titles.length || names.length)
    p[25] = {
      ...(m.media.length ? { media: m.media } : {}),
      ...(m.memberships.length ? { memberships: m.memberships } : {}),
      ...(m.titles.length ? { titles: m.titles } : {}),
      ...(names.length ? { names } : {}),
    };
  return p;
}
