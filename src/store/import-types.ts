/** Row shapes the import writer accepts (the import model's records fit them structurally). */

/** What the writer needs of a chat (the import model's ChatRecord fits). */
export interface ChatInput {
  readonly id: string;
  readonly platform: string;
  readonly type: string | null;
  readonly title: string | null;
  readonly origin: string;
  readonly rawId: string | null;
}

/** What the writer needs of a message (the import model's MessageRecord fits). */
export interface MessageInput {
  readonly chatId: string;
  readonly messageId: number;
  readonly type: string;
  readonly authorId: string | null;
  readonly authorName: string | null;
  readonly date: { utc: number | null; local: string | null; zone: string | null; quality: string };
  readonly editedUtc: number | null;
  readonly text: string | null;
  readonly entities: readonly unknown[];
  readonly replyTo: number | null;
  readonly replyToPeer: string | null;
  readonly forwardedFrom: string | null;
  readonly savedFrom: string | null;
  readonly viaBot: string | null;
  readonly signature: string | null;
  readonly action: string | null;
  readonly details: Record<string, unknown>;
  readonly raw: string;
  /** Byte range of `raw` in the source's main file: stored as a reference instead of the text (ADR 0008). */
  readonly rawRef?: { readonly offset: number; readonly length: number } | undefined;
  readonly versionHash: string;
  readonly memberships: readonly {
    chatId: string;
    actorId: string | null;
    memberName: string | null;
    kind: string;
    at: number | null;
    messageId: number | null;
    byActorId: string | null;
  }[];
  readonly names: readonly { actorId: string; name: string; at: number | null }[];
  readonly titles: readonly { title: string; at: number | null }[];
}

/** One media occurrence, after the file (if any) went into the evidence store. */
export interface OccurrenceInput {
  readonly chatId: string;
  readonly messageId: number;
  readonly role: string;
  readonly kind: string;
  readonly path: string;
  readonly absence: string | null;
  readonly mime: string | null;
  readonly fileName: string | null;
  readonly declaredSize: number | null;
  readonly width: number | null;
  readonly height: number | null;
  readonly duration: number | null;
  readonly stored: { sha256: string; size: number } | null;
}

/** The source row. */
export interface SourceInput {
  readonly id: string;
  readonly kind: string;
  readonly sha256: string;
  readonly label: string | null;
  readonly originalPath: string;
  readonly options: Record<string, unknown>;
  readonly toolVersion: string;
  readonly runId: string;
}

/** Figures for one written source. */
export interface WriteCounts {
  chats: number;
  messages: number;
  newMessages: number;
  newVersions: number;
  media: number;
  issues: number;
}
