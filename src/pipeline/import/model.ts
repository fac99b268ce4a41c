import type { ItemIssue } from '../../domain/issue.js';

/**
 * The normalised import model: what EVERY importer (telegram-json, telegram-html, later others) emits.
 * It is format-neutral: platform ids (`telegram:user123`), UTC epoch milliseconds, plain text + UTF-16
 * entities, media as references to files inside the export (the app layer copies them into the
 * evidence store). Importers stream `ImportEvent`s so that multi-GB exports need bounded memory.
 * See docs/import.md for the field-by-field description.
 */
import type { ChatRecord, MessageRecord, SourceMetadata } from '../../domain/import-records.js';

export type {
  TimeQuality,
  SourceTime,
  ChatRecord,
  NameObservation,
  TextEntity,
  MediaAbsence,
  MediaRef,
  MembershipRecord,
  RawRef,
  MessageRecord,
  SourceMetadata,
} from '../../domain/import-records.js';

/** What an importer streams, in order: chats before their messages, metadata last. */
export type ImportEvent =
  | { readonly type: 'chat'; readonly chat: ChatRecord }
  | { readonly type: 'message'; readonly message: MessageRecord }
  | { readonly type: 'issue'; readonly issue: ItemIssue }
  | { readonly type: 'metadata'; readonly metadata: SourceMetadata };

/** A recognised source on disk, ready to be read. */
export interface DetectedSource {
  /** Importer name (`telegram-json`). */
  readonly kind: string;
  /** The export root folder (media paths are relative to it). */
  readonly root: string;
  /** The main file whose SHA-256 identifies the source (result.json). */
  readonly mainFile: string;
}

/** Options every importer receives. */
export interface ReadOptions {
  /** Zone for local times without a UTC twin (IANA name or ±HH:MM); undefined when not given. */
  readonly tz?: string;
  /** Name to use for the main file in messages (`result.json`, or `export.zip!/result.json`). */
  readonly displayName?: string;
  /** A short tag unique to the source (a prefix of its SHA-256), for ids of chats that have none. */
  readonly sourceTag?: string;
  /** Store the (single) chat under this known id (`--chat-id`); only importers of id-less formats accept it. */
  readonly chatId?: string;
}

/** An importer: a plain object registered in `registry.ts`. */
export interface Importer {
  /** Stored as the source kind: never renamed. */
  readonly name: string;
  /** The source at `path` (a folder or a file) if this importer recognises it, else null. */
  detect(path: string): DetectedSource | null;
  /** Stream the source's chats, messages, issues and metadata (throws AppError on invalid input). */
  read(src: DetectedSource, opts: ReadOptions): Generator<ImportEvent, void>;
}
