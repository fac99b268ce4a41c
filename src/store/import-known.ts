import type { ItemIssue } from '../domain/issue.js';
import type { MessageFields } from '../domain/message-row.js';
import type { StoreQ } from './port.js';
import { fillVersionHash, packedVersionHash } from './version-hash.js';
import { crossCollision, isDerived, sameContent, type ComparedRow } from './cross-kind.js';
import * as st from './import-statements.js';

const compared = (v: {
  text: string | null;
  edited_utc: number | null;
  type: string;
  date_utc: number | null;
}): ComparedRow => ({ text: v.text, editedUtc: v.edited_utc, type: v.type, utc: v.date_utc });

/** What writing a known message did. */
export interface KnownOutcome {
  readonly newVersion: boolean;
  /** A different message under the same id (both versions kept), to report. */
  readonly collision: ItemIssue | null;
}

/**
 * A message another source (or this one, earlier) already stored: record this source, and a new version when the
 * content differs (ADR 0009). Runs inside the source's transaction, after the batch's rows were written.
 */
export async function writeKnown(
  q: StoreQ,
  src: { readonly id: string; readonly kind: string },
  m: MessageFields,
  raw: string,
): Promise<KnownOutcome> {
  const { chat_id: chatId, message_id: messageId, author_id: authorId } = m;
  const cur = await st.currentMessage(q, chatId, messageId);
  // Version hashes are computed only now that a second source brings the message (ADR 0009).
  if (cur?.version_hash === '') cur.version_hash = (await fillVersionHash(q, chatId, messageId)) ?? '';
  const versionHash = packedVersionHash(m);
  const update = () =>
    st.replaceMessageContent(q, chatId, messageId, { ...m, version_hash: versionHash, raw });
  await st.materialiseFirstSource(q, chatId, messageId);
  await st.addMessageSource(q, chatId, messageId, src.id, versionHash);
  const cross =
    cur && cur.version_hash !== versionHash
      ? await otherKind(q, src.kind, chatId, messageId, cur.version_hash)
      : false;
  const same = cur !== undefined && cross && sameContent(compared(cur), compared(m));
  // The same content from a source with platform ids and exact times (JSON) replaces an HTML-derived row.
  if (same && isDerived(cur.author_id) && !isDerived(authorId) && m.date_quality === 'exact') await update();
  if (!cur || cur.version_hash === versionHash || same) return { newVersion: false, collision: null };
  // An edit never changes author, time or type: otherwise two id spaces collide (per-account ids of
  // private chats and basic groups, spec §2.5). Both versions are kept; the message row is not replaced.
  const collides = cross
    ? crossCollision(compared(cur), compared(m))
    : cur.author_id !== authorId || cur.date_utc !== m.date_utc || cur.type !== m.type;
  const first = await st.firstSourceOf(q, chatId, messageId, cur.version_hash);
  const base = { chatId, messageId };
  await st.addVersion(q, {
    ...base,
    versionHash: cur.version_hash,
    editedUtc: cur.edited_utc,
    text: cur.text,
    raw: cur.raw,
    firstSourceId: first ?? src.id,
  });
  const edited = m.edited_utc;
  const newVersion = await st.addVersion(q, {
    ...base,
    versionHash,
    editedUtc: edited,
    text: m.text,
    raw,
    firstSourceId: src.id,
  });
  if (!collides && (edited ?? -1) > (cur.edited_utc ?? -1)) await update();
  return {
    newVersion,
    collision: collides
      ? {
          code: 'MESSAGE_ID_COLLISION',
          source: chatId,
          location: `message ${messageId}`,
          message:
            'another source has a different message (author, time or type) under this id; both kept in message_version',
        }
      : null,
  };
}

/** True when the stored version of this message came only from sources of another kind (JSON vs HTML). */
async function otherKind(
  q: StoreQ,
  kind: string,
  chatId: string,
  messageId: number,
  versionHash: string,
): Promise<boolean> {
  const kinds = await st.versionKinds(q, chatId, messageId, versionHash);
  return kinds.length > 0 && kinds.every((k) => k !== kind);
}
