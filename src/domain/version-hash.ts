import { hash } from 'node:crypto';
import type { MessageRow } from './message-row.js';

/** The columns of a `message` row the version hash reads. */
export type VersionFields = Pick<
  MessageRow,
  | 'type'
  | 'author_id'
  | 'date_utc'
  | 'date_local'
  | 'edited_utc'
  | 'text'
  | 'entities'
  | 'reply_to'
  | 'forwarded_from'
  | 'saved_from'
  | 'via_bot'
  | 'action'
  | 'details'
>;

/** What the version hash of a Telegram JSON message covers (ADR 0002, ADR 0009). */
export interface JsonVersionInput {
  readonly type: string;
  readonly authorId: string | null;
  /** UTC epoch ms, else the local wall-clock text. */
  readonly time: number | string | null;
  readonly editedUtc: number | null;
  readonly text: string | null;
  readonly entities: readonly unknown[];
  readonly replyTo: number | null;
  readonly forwardedFrom: string | null;
  readonly savedFrom: string | null;
  readonly viaBot: string | null;
  readonly action: string | null;
  readonly details: Record<string, unknown>;
  readonly media: readonly {
    role: string;
    kind: string;
    mime: string | null;
    fileName: string | null;
    width: number | null;
    height: number | null;
    duration: number | null;
  }[];
}

/**
 * SHA-256 over the content of a JSON message that an edit can change (not paths, sizes, reactions or vote counts),
 * so two accounts' exports of an unchanged message agree. The importer leaves it empty and the writer computes it
 * when a second source brings the message (ADR 0009); the bytes hashed are unchanged since ADR 0002.
 */
export function jsonVersionHash(m: JsonVersionInput): string {
  let d: Record<string, unknown> = m.details;
  if (d['reactions'] !== undefined || d['unknownKeys'] !== undefined || d['poll'] !== undefined) {
    d = { ...d };
    delete d['reactions'];
    delete d['unknownKeys'];
  }
  const poll = d['poll'] as Record<string, unknown> | undefined;
  if (poll && typeof poll === 'object')
    d['poll'] = {
      question: poll['question'],
      answers: Array.isArray(poll['answers'])
        ? (poll['answers'] as Record<string, unknown>[]).map((a) => a?.['text'])
        : null,
    };
  const body = JSON.stringify([
    m.type,
    m.authorId,
    m.time,
    m.editedUtc,
    m.text,
    m.entities,
    m.replyTo,
    m.forwardedFrom,
    m.savedFrom,
    m.viaBot,
    m.action,
    d,
    m.media.length
      ? m.media.map((x) => [x.role, x.kind, x.mime, x.fileName, x.width, x.height, x.duration])
      : 0,
  ]);
  return hash('sha256', body, 'hex');
}

/**
 * The version input of a message from its stored or packed `message` values (entities and details as their JSON
 * text) and its media descriptors in the importer's order (photo, file, thumbnail, contact_vcard).
 */
export function versionInputOfValues(
  v: Readonly<VersionFields>,
  media: JsonVersionInput['media'],
): JsonVersionInput {
  return {
    type: v.type,
    authorId: v.author_id,
    time: v.date_utc ?? v.date_local,
    editedUtc: v.edited_utc,
    text: v.text,
    entities: v.entities === null ? [] : (JSON.parse(v.entities) as unknown[]),
    replyTo: v.reply_to,
    forwardedFrom: v.forwarded_from,
    savedFrom: v.saved_from,
    viaBot: v.via_bot,
    action: v.action,
    details: JSON.parse(v.details) as Record<string, unknown>,
    media,
  };
}

/** Media roles in the order the JSON importer lists them (the version hash depends on it). */
export const MEDIA_ROLE_ORDER: readonly string[] = ['photo', 'file', 'thumbnail', 'contact_vcard'];
