import type { ErrorCode } from './errors.js';

/** Codes of per-item issues a stage records (closed, like AppError's); an item that failed with an AppError keeps its code. */
export const ISSUE_CODES = [
  'CHAT_TYPE_UNKNOWN',
  'EVIDENCE_ALTERED',
  'FILE_NOT_FOUND',
  'HASH_FAILED',
  'HTML_DATE_MISSING',
  'HTML_ID_ORDER',
  'HTML_JOINED_ORPHAN',
  'HTML_MEDIA_UNKNOWN',
  'HTML_ONLY_MY_MESSAGES',
  'HTML_PAGE_MISSING',
  'HTML_SERVICE_UNKNOWN',
  'HTML_STANDARD_OFFSET',
  'HTML_TZ_MISMATCH',
  'IMPORT_BAD_ZIP',
  'IMPORT_UNSAFE_PATH',
  'JSON_DUPLICATE_KEY',
  'JSON_UNQUOTED_VALUE',
  'JSON_X_ESCAPE',
  'MEDIA_MISSING',
  'MEDIA_NOT_CLUSTERED',
  'MEDIA_UNDECODABLE',
  'MESSAGE_ID_COLLISION',
  'MESSAGE_WITHOUT_ID',
  'OCCURRENCE_NO_DATE',
  'ORIGINATOR_UNKNOWN',
  'PDQ_INVALID',
  'RETURNS_BAD_COUNTRY',
  'RETURNS_BAD_IP',
  'RETURNS_BAD_TIME',
  'RETURNS_ROW_NO_TIME',
  'RETURNS_ROW_NO_USER',
  'RETURNS_UNKNOWN_COLUMNS',
  'THUMBNAIL_FAILED',
] as const;

/** The code of a per-item issue: one of ISSUE_CODES, or the code of the AppError the item failed with. */
export type IssueCode = (typeof ISSUE_CODES)[number] | ErrorCode;

/** `warning`: expected incompleteness (a media file absent from the export); `error`: an item not read/stored. */
export type IssueSeverity = 'warning' | 'error';

/** A per-item problem found by a pipeline stage: recorded, never an abort. */
export interface ItemIssue {
  readonly code: IssueCode;
  /** Set by stages that grade their issues (import); absent means `error`. */
  readonly severity?: IssueSeverity;
  /** Source file (relative to the export root or absolute), or another subject such as a media sha256. */
  readonly source: string;
  /** Where in the source: `message 42`, `byte 18233`, `line 7`. */
  readonly location: string;
  readonly message: string;
}

/** Build an ItemIssue. */
export function issue(code: IssueCode, source: string, location: string, message: string): ItemIssue {
  return { code, source, location, message };
}
