import type { MessageExtras } from './import-records.js';

/**
 * The `message` row, declared once (conventions §11): `store/schema.ts` uses it as Kysely's `MessageTable`, the
 * import writer binds its columns in `MESSAGE_COLUMNS` order, and the packed tuple a reading thread hands over
 * (ADR 0009) is built and read only by `packMessage` / `unpackMessage` below.
 */
export interface MessageRow {
  chat_id: string;
  message_id: number;
  type: string;
  author_id: string | null;
  author_name: string | null;
  date_utc: number | null;
  date_local: string | null;
  tz_assumed: string | null;
  date_quality: string;
  edited_utc: number | null;
  text: string | null;
  /** JSON of the entities, null when there are none. */
  entities: string | null;
  reply_to: number | null;
  reply_to_peer: string | null;
  forwarded_from: string | null;
  saved_from: string | null;
  via_bot: string | null;
  signature: string | null;
  action: string | null;
  /** JSON of the details (`{}` when empty). */
  details: string;
  /** '' for a JSON message only one source holds (computed when a second source brings it, ADR 0009). */
  version_hash: string;
  /** Inline text, or a reference `source:<id>:<offset>:<length>` (ADR 0009; `evidence:<sha256>:…` before, ADR 0008): read it with `readMessageRaw`. */
  raw: string;
  /**
   * The source that first stored this message (migration 7, ADR 0009). While it is the only source,
   * `message_source` has no row for the message; read every source from view `message_in_source`.
   */
  source_id: string | null;
}

/** Every column of `message`, in the order the writer binds them (the compiler checks the list is complete). */
export const MESSAGE_COLUMNS = [
  'chat_id',
  'message_id',
  'type',
  'author_id',
  'author_name',
  'date_utc',
  'date_local',
  'tz_assumed',
  'date_quality',
  'edited_utc',
  'text',
  'entities',
  'reply_to',
  'reply_to_peer',
  'forwarded_from',
  'saved_from',
  'via_bot',
  'signature',
  'action',
  'details',
  'version_hash',
  'raw',
  'source_id',
] as const satisfies readonly (keyof MessageRow)[];
type Missing = Exclude<keyof MessageRow, (typeof MESSAGE_COLUMNS)[number]>;
const complete: Missing extends never ? true : Missing = true;
void complete;

/** The columns a newer version of a message replaces (not the key, not the first source). */
export const MESSAGE_CONTENT_COLUMNS = MESSAGE_COLUMNS.filter(
  (c) => c !== 'chat_id' && c !== 'message_id' && c !== 'source_id',
);

/** A message as the import writer receives it: the row without its source, and what travels with it. */
export interface MessageFields extends Omit<MessageRow, 'raw' | 'source_id'> {
  /** Inline raw text, or null when the message is the bytes [rawOffset, rawOffset + rawLength) of the main file. */
  raw: string | null;
  rawOffset: number;
  rawLength: number;
  /** 1 when the message states its author's name at its time (the usual case), else 0. */
  authorNamed: 0 | 1;
  /** Media, memberships, titles and other name observations; 0 when none (most messages). */
  extras: MessageExtras | 0;
}

/** One flat array per message (cheap to hand over from a worker thread): build with packMessage, read with unpackMessage. */
export type PackedMessage = readonly [
  string,
  number,
  string,
  string | null,
  string | null,
  number | null,
  string | null,
  string | null,
  string,
  number | null,
  string | null,
  string | null,
  number | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
  string,
  string | null,
  number,
  number,
  0 | 1,
  MessageExtras | 0,
];

/** Pack a message (the one place that knows the tuple's order, with unpackMessage). */
export function packMessage(m: MessageFields): PackedMessage {
  return [
    m.chat_id,
    m.message_id,
    m.type,
    m.author_id,
    m.author_name,
    m.date_utc,
    m.date_local,
    m.tz_assumed,
    m.date_quality,
    m.edited_utc,
    m.text,
    m.entities,
    m.reply_to,
    m.reply_to_peer,
    m.forwarded_from,
    m.saved_from,
    m.via_bot,
    m.signature,
    m.action,
    m.details,
    m.version_hash,
    m.raw,
    m.rawOffset,
    m.rawLength,
    m.authorNamed,
    m.extras,
  ];
}

/** Read a packed message by name. */
export function unpackMessage(p: PackedMessage): MessageFields {
  return {
    chat_id: p[0],
    message_id: p[1],
    type: p[2],
    author_id: p[3],
    author_name: p[4],
    date_utc: p[5],
    date_local: p[6],
    tz_assumed: p[7],
    date_quality: p[8],
    edited_utc: p[9],
    text: p[10],
    entities: p[11],
    reply_to: p[12],
    reply_to_peer: p[13],
    forwarded_from: p[14],
    saved_from: p[15],
    via_bot: p[16],
    signature: p[17],
    action: p[18],
    details: p[19],
    version_hash: p[20],
    raw: p[21],
    rawOffset: p[22],
    rawLength: p[23],
    authorNamed: p[24],
    extras: p[25],
  };
}

/**
 * Where each field sits in a packed message: read `p[AT.chat_id]` (by name, no object per message on the import's
 * hot path). The one other place that knows the tuple's order, with packMessage and unpackMessage; a test checks
 * the three agree.
 */
export const AT = {
  chat_id: 0,
  message_id: 1,
  type: 2,
  author_id: 3,
  author_name: 4,
  date_utc: 5,
  date_local: 6,
  tz_assumed: 7,
  date_quality: 8,
  edited_utc: 9,
  text: 10,
  entities: 11,
  reply_to: 12,
  reply_to_peer: 13,
  forwarded_from: 14,
  saved_from: 15,
  via_bot: 16,
  signature: 17,
  action: 18,
  details: 19,
  version_hash: 20,
  raw: 21,
  rawOffset: 22,
  rawLength: 23,
  authorNamed: 24,
  extras: 25,
} as const satisfies Record<keyof MessageFields, number>;

/**
 * A packed message's `message` row in MESSAGE_COLUMNS order (the packed tuple starts with the row's columns in that
 * order, up to `version_hash`), with its raw text or reference and its first source: one array, bound by position.
 */
export function messageRowOf(p: PackedMessage, raw: string, sourceId: string | null): unknown[] {
  return [
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
    sourceId,
  ];
}

/** The packed tuple is exactly an array: tell callers that test for one (a packed event vs an import event). */
export function isPackedMessage(ev: unknown): ev is PackedMessage {
  return Array.isArray(ev);
}
