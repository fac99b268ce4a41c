import { parseAnyId } from '../domain/ids.js';

/** What comparing two representations of one message from different source kinds (JSON vs HTML) looks at. */
export interface ComparedRow {
  readonly text: string | null;
  readonly editedUtc: number | null;
  readonly type: string;
  readonly utc: number | null;
}

const HOUR = 3_600_000;
const normText = (t: string | null): string => (t ?? '').normalize('NFC').replace(/\r\n?/g, '\n').trim();

/**
 * Two representations (JSON vs HTML) of one message agree when their normalised text is equal and, when both
 * know it, their edit time too (HTML has no edit times, no ids, and may be one hour off: §6.2, ADR 0007).
 */
export function sameContent(a: ComparedRow, b: ComparedRow): boolean {
  if (normText(a.text) !== normText(b.text)) return false;
  return a.editedUtc === null || b.editedUtc === null || a.editedUtc === b.editedUtc;
}

/** Across source kinds only the type, or times apart by other than 0 or exactly one hour, reveal a collision. */
export function crossCollision(a: ComparedRow, b: ComparedRow): boolean {
  if (a.type !== b.type) return true;
  if (a.utc === null || b.utc === null) return false;
  const d = Math.abs(a.utc - b.utc);
  return d !== 0 && d !== HOUR;
}

/** True for an id derived from an HTML export (`telegram:html-user-…`). */
export const isDerived = (id: string | null): boolean => id !== null && parseAnyId(id)?.derived === true;
