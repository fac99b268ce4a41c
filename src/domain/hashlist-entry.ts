/** One hash read from a list, normalised (lowercase hex, signal type from the signal registry), as parsed and stored. */
export interface HashListEntry {
  /** Signal type name (`md5`, `sha1`, `sha256`, `pdq`, `vpdq`): what media signal it is compared with. */
  readonly signalType: string;
  readonly value: string;
  /** Category code in its scheme (never a bare number without `scheme`). */
  readonly category: string | null;
  readonly scheme: string | null;
  /** The record's own id in the list (VICS MediaID, NCMEC id, TE indicator id). */
  readonly recordId: string | null;
  readonly series: string | null;
  /** Anything else worth keeping (flags, tags, original type name, quality). */
  readonly extra: Readonly<Record<string, unknown>> | null;
  /** 1-based line in the file when the format is line-based, else null. */
  readonly line: number | null;
  /** Human position: `line 12` or `byte 3456` (stored only when it says more than the line). */
  readonly position: string;
}
