import type { IssueCode, IssueSeverity, ItemIssue } from '../../domain/issue.js';

/**
 * Import issue codes that only report expected incompleteness or a lossless repair: the item was stored as
 * completely as the export allows. Every other code (and any code not listed) is an `error`: something could
 * not be read or stored as written, was refused, or may be wrong and needs a look. See docs/import.md.
 */
const WARNINGS: ReadonlySet<IssueCode> = new Set<IssueCode>([
  'MEDIA_MISSING', // a referenced media file is absent from the export (common: exports without media)
  'HTML_STANDARD_OFFSET', // HTML times read with the title's standard offset (no --tz)
  'HTML_ONLY_MY_MESSAGES', // the exporter chose "only my messages"
  'CHAT_TYPE_UNKNOWN', // stored with its type word as written
  'JSON_X_ESCAPE', // repaired \xHH escape, raw kept
  'JSON_DUPLICATE_KEY', // every value kept in details.duplicateKeys
  'JSON_UNQUOTED_VALUE', // read as a string, raw kept
]);

/** Severity of an import issue code. */
export function importIssueSeverity(code: IssueCode): IssueSeverity {
  return WARNINGS.has(code) ? 'warning' : 'error';
}

/** The issue with its severity set (an explicit severity is kept). */
export function withSeverity(i: ItemIssue): ItemIssue {
  return i.severity ? i : { ...i, severity: importIssueSeverity(i.code) };
}
