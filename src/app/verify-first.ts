import type { Finding } from '../domain/finding.js';
import type { VerifyReport } from './verify-case.js';

/** The first thing `vigie verify` found wrong: the code the CLI logs and the place it names (no compared values). */
export interface VerifyFirstFinding {
  readonly code: string;
  readonly place: string;
}

/** Where a finding is, without the values it compares (they may be message text). */
export function findingPlace(f: Finding): string {
  const parts = [
    f.check,
    f.kind,
    f.source && `source ${f.source}`,
    f.table && `table ${f.table}`,
    f.chat && `chat ${f.chat}`,
    f.message !== undefined && `message ${f.message}`,
    f.field && `field ${f.field}`,
  ];
  return parts.filter(Boolean).join(', ');
}

/** The first finding of a verify report, in the order the CLI reports them; null when the case verified. */
export function firstFinding(r: VerifyReport): VerifyFirstFinding | null {
  if (r.alteredFile)
    return { code: 'EVIDENCE_ALTERED', place: `evidence ${r.alteredFile.sha256}: content does not match` };
  if (r.brokenLink)
    return { code: 'AUDIT_CHAIN_BROKEN', place: `audit event ${r.brokenLink.seq}: ${r.brokenLink.why}` };
  const anchor = r.anchors.problems[0];
  if (anchor) return { code: anchor.code, place: anchor.message };
  const dangling = r.danglingReferences[0];
  if (dangling)
    return {
      code: 'CASE_CORRUPT',
      place: `${dangling.table} row (${dangling.row}) names a missing ${dangling.parent}`,
    };
  const f = r.findings[0];
  if (f) return { code: 'CASE_TAMPERED', place: findingPlace(f) };
  return null;
}
