/** `warning`: expected incompleteness (a media file absent from the export); `error`: an item not read/stored. */
export type IssueSeverity = 'warning' | 'error';

/** A per-item problem found by a pipeline stage: recorded, never an abort. */
export interface ItemIssue {
  readonly code: string;
  /** Set by stages that grade their issues (import); absent means `error`. */
  readonly severity?: IssueSeverity;
  /** Source file (relative to the export root or absolute), or another subject such as a media sha256. */
  readonly source: string;
  /** Where in the source: `message 42`, `byte 18233`, `line 7`. */
  readonly location: string;
  readonly message: string;
}

/** Build an ItemIssue. */
export function issue(code: string, source: string, location: string, message: string): ItemIssue {
  return { code, source, location, message };
}
