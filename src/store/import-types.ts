import type { ChatRecord } from '../domain/import-records.js';

/** Row shapes the import writer accepts besides the import model's records (src/domain/import-records.ts). */

/** A chat as one source saw it. */
export type ChatInput = ChatRecord;

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
