import type { ChatRecord } from '../domain/import-records.js';

/** Row shapes the import writer accepts besides the import model's records (src/domain/import-records.ts). */

/** A chat as one source saw it. */
export type ChatInput = ChatRecord;

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
