/** Plain in-memory inputs and shared outputs of the analyse stages (no I/O here). */

export { STATUS_RANK, type MediaStatus } from '../../domain/media-status.js';
export { isoUtc } from '../../domain/time.js';

/** One appearance of a media file in a message (deduplicated over sources: one per sha256, chat, message). */
export interface Occurrence {
  readonly sha256: string;
  readonly chatId: string;
  readonly messageId: number;
  readonly authorId: string | null;
  /** UTC epoch milliseconds, null when the export gave no usable time. */
  readonly dateUtc: number | null;
  /** The smallest source id that contained it (provenance). */
  readonly sourceId: string;
  /** True when the message was a forward (the poster is not the author of the original). */
  readonly forwarded?: boolean;
}

/** A PDQ signal of one media (64 hex digits, quality 0–100). */
export interface PdqSignal {
  readonly sha256: string;
  readonly pdq: string;
  readonly quality: number | null;
  /** The 7 other dihedral hashes (rotations and mirrors, `vigie hash`), when stored. */
  readonly dihedral?: readonly string[];
}

/** A message as the analysis needs it (replies, mentions, captions, activity). */
export interface MessageInput {
  readonly chatId: string;
  readonly messageId: number;
  /** 'message' or 'service'. */
  readonly type: string;
  readonly authorId: string | null;
  readonly dateUtc: number | null;
  readonly replyTo: number | null;
  /** Chat of the replied-to message when it is another chat (cross-chat reply). */
  readonly replyToPeer?: string | null;
  readonly text: string | null;
  /** Text entities (`[{type, offset, length, user_id?}]`, UTF-16 offsets into text; or with `text`), or null. */
  readonly entities: ReadonlyArray<EntityInput> | null;
  readonly forwardedFrom: string | null;
}

/** A text entity as the importer stores it. */
export interface EntityInput {
  readonly type?: unknown;
  readonly text?: unknown;
  readonly offset?: unknown;
  readonly length?: unknown;
  readonly user_id?: unknown;
}

/** An account the case knows. */
export interface ActorInput {
  readonly id: string;
  readonly kind: string;
}

/** One observation of a display name (alias) of an actor in a source. */
export interface ActorNameInput {
  readonly actorId: string;
  readonly name: string;
  readonly firstSeen: number | null;
  readonly lastSeen: number | null;
  readonly sourceId: string;
}

/** One membership fact: an actor in a chat, from a post or a service message. */
export interface MembershipInput {
  readonly actorId: string;
  readonly chatId: string;
  readonly kind: string;
  readonly at: number | null;
  /** Latest time of a repeated fact (e.g. the last post of a 'posted' membership). */
  readonly lastAt?: number | null;
}

/** A chat the case knows. */
export interface ChatInput {
  readonly id: string;
  readonly title: string | null;
  readonly type: string | null;
}

/** Compare two strings by code unit (locale-independent, deterministic). */
export function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Key of a message in lookup maps. */
export function messageKey(chatId: string, messageId: number): string {
  return `${chatId}#${messageId}`;
}
