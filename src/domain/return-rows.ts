/** Rows of a legal-process return (subscriber data), defined once for the parser and the store. */

/** One parsed row: normalised fields plus the row exactly as read. */
export interface ParsedReturnRow {
  /** 1-based line in the file (CSV) or item number (JSON). */
  readonly line: number;
  readonly userId: string;
  readonly rawUserId: string;
  readonly phone: string | null;
  readonly phoneCountry: string | null;
  readonly ip: string | null;
  readonly seenAt: number | null;
  readonly raw: Readonly<Record<string, string>>;
}

/** A stored return row (matched to an actor by platform user id at read time). */
export interface ReturnRow extends Omit<ParsedReturnRow, 'raw'> {
  readonly sourceId: string;
  /** The account the row names when the case knew it at the time it was added. */
  readonly actorId: string | null;
}
