/**
 * The records of the normalised import model (see src/pipeline/import/model.ts and docs/import.md): what every
 * importer emits and what the import writer stores. They live in domain/ so that the pipeline (which produces
 * them) and the store (which writes them) share one definition.
 */

/** How a message time was obtained. */
export type TimeQuality =
  | 'exact' // from a UTC epoch (`date_unixtime`)
  | 'assumed-zone' // local wall clock + the zone the investigator supplied (--tz)
  | 'ambiguous' // local wall clock inside a DST fall-back hour: the earlier instant was chosen
  | 'nonexistent' // local wall clock inside a DST gap: shifted by the zone's previous offset
  | 'none'; // no time at all (unsupported messages)

/** A time as read from a source. */
export interface SourceTime {
  /** UTC epoch milliseconds, or null when unknown. */
  readonly utc: number | null;
  /** The local wall-clock text as written by the exporter (`2020-11-12T12:53:52`), if any. */
  readonly local: string | null;
  /** The zone assumed to convert `local` (IANA name or ±HH:MM), when `utc` came from it. */
  readonly zone: string | null;
  readonly quality: TimeQuality;
}

/** A chat as one source saw it. `id` is a platform id (`telegram:channel123`). */
export interface ChatRecord {
  readonly id: string;
  readonly platform: string;
  /** Source-specific type word (`private_channel`, `personal_chat` …), null when unknown. */
  readonly type: string | null;
  /** The title or name shown in the source (null when the source has none, e.g. Saved Messages). */
  readonly title: string | null;
  /** Where this chat came from inside the source (`root`, `chats.list[3]`, `left_chats.list[0]`). */
  readonly origin: string;
  /** The chat's id exactly as written (`9882011936`), for provenance. */
  readonly rawId: string | null;
}

/** A display name seen for an account at a time (alias history). */
export interface NameObservation {
  readonly actorId: string;
  readonly name: string;
  readonly at: number | null;
}

/** A text entity with UTF-16 offsets into `MessageRecord.text`. Extra keys (href, language …) are kept. */
export interface TextEntity {
  readonly type: string;
  readonly offset: number;
  readonly length: number;
  readonly [extra: string]: unknown;
}

/** Why a referenced file is not in the case. */
export type MediaAbsence =
  | 'not_included' // export settings excluded it ("File not included …")
  | 'too_large' // over the export size limit
  | 'unavailable' // "File unavailable …"
  | 'placeholder' // another "(…)" sentence
  | 'missing' // the path does not exist in the export
  | 'unsafe_path'; // the path leaves the export folder (.., absolute, symlink out): refused

/** One media file referenced by a message, before it is copied into the evidence store. */
export interface MediaRef {
  /** Role inside the message: photo, file, thumbnail, contact_vcard, action_photo. */
  readonly role: string;
  /** photo, sticker, video_message, voice_message, animation, video_file, audio_file, file, thumbnail, vcard. */
  readonly kind: string;
  /** The path or placeholder text exactly as written in the source. */
  readonly path: string;
  /** Absolute path of a file that is safely inside the export and exists; null otherwise. */
  readonly absPath: string | null;
  readonly absence: MediaAbsence | null;
  readonly mime: string | null;
  readonly fileName: string | null;
  /** Size declared by the source (bytes), when it says. */
  readonly declaredSize: number | null;
  readonly width: number | null;
  readonly height: number | null;
  readonly duration: number | null;
}

/** A membership fact: an account (by id) or a person (by name only) joined, left, was invited … */
export interface MembershipRecord {
  readonly chatId: string;
  /** The account when the source gives its id; null when only a name is known. */
  readonly actorId: string | null;
  /** The display name when no id is known (service messages list members by name). */
  readonly memberName: string | null;
  /** create, join, invite, leave, remove. */
  readonly kind: string;
  readonly at: number | null;
  readonly messageId: number | null;
  readonly byActorId: string | null;
}

/** A byte range of the source's main file. */
export interface RawRef {
  readonly offset: number;
  readonly length: number;
}

/** One message as one source wrote it, normalised, with its raw text kept verbatim. */
export interface MessageRecord {
  readonly chatId: string;
  /** Platform message id (migrated basic-group history keeps its negative id, see `migratedFrom`). */
  readonly messageId: number;
  /** message, service or unsupported. */
  readonly type: string;
  readonly authorId: string | null;
  readonly authorName: string | null;
  readonly date: SourceTime;
  readonly editedUtc: number | null;
  /** Full plain text (null when the source has no text at all, e.g. a 2026 `rich_message`). */
  readonly text: string | null;
  readonly entities: readonly TextEntity[];
  readonly replyTo: number | null;
  /** Platform id of the chat a reply points into, when not this chat. */
  readonly replyToPeer: string | null;
  readonly forwardedFrom: string | null;
  readonly savedFrom: string | null;
  readonly viaBot: string | null;
  /** Channel signature / anonymous admin title. */
  readonly signature: string | null;
  /** Service action name (`invite_members`), null for regular messages. */
  readonly action: string | null;
  /** Structured extras: action fields, poll, contact, location, venue, game, invoice, reactions, buttons,
   *  unknown keys, duplicate keys. JSON-serialisable (64-bit integers as decimal strings). */
  readonly details: Record<string, unknown>;
  /** The source's bytes for this message, verbatim (lossless; unknown keys included). */
  readonly raw: string;
  /** Where `raw` lies in the source's main file (byte offset and length), when it is a verbatim slice that
   *  `JSON.parse` read as written; the writer then stores a reference instead of the text (ADR 0008). */
  readonly rawRef?: RawRef | undefined;
  /** SHA-256 over the normalised content (not the raw text): equal across exports of the same version. */
  readonly versionHash: string;
  readonly media: readonly MediaRef[];
  readonly memberships: readonly MembershipRecord[];
  readonly names: readonly NameObservation[];
  /** Chat titles stated by this message (create/edit title actions). */
  readonly titles: readonly { title: string; at: number | null }[];
}

/** Facts about the source as a whole, stored as its metadata. */
export interface SourceMetadata {
  /** single-chat, full-account, html … */
  readonly shape: string;
  /** Inferred producer version range (`>=2.7.2 <3.7.6`). */
  readonly inferredVersion: string | null;
  /** Everything outside the messages that the source holds (personal_information, contacts …). */
  readonly extra: Record<string, unknown>;
  /** Other files the source was read from besides its main file (root-relative, e.g. HTML pages 2..n):
   *  `import-sources` stores each in the evidence store and lists it in `source_file`. */
  readonly files?: readonly string[];
}

/** What a message carries besides its row; most messages carry none of it. */
export interface MessageExtras {
  readonly media?: readonly MediaRef[];
  readonly memberships?: readonly MembershipRecord[];
  readonly titles?: readonly { title: string; at: number | null }[];
  /** Name observations other than "the author's name at the message's time". */
  readonly names?: readonly NameObservation[];
}
