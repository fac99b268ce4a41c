import type { CaseContext } from './context.js';
import { listEvidence } from '../store/evidence-index.js';
import { checkAuditChain, countAudit } from '../store/audit.js';
import { danglingReferences, type DanglingReference } from '../store/integrity.js';
import { checkAnchors, type AnchorReport } from './check-anchors.js';

/** What `vigie verify` found. */
export interface VerifyReport {
  ok: boolean;
  evidenceFiles: number;
  auditEvents: number;
  /** The first evidence file whose bytes no longer match its name, or that is missing. */
  alteredFile: { sha256: string; path: string; actual: string | null } | null;
  /** The first audit event whose link or content is broken. */
  brokenLink: { seq: number; why: string } | null;
  /** Files on disk that no record references (left by an interrupted import: harmless). */
  unreferenced: number;
  /** Database rows whose references name a missing row (first 10). */
  danglingReferences: DanglingReference[];
  /** The audit head and what the anchor journal says about it (ADR 0010). */
  anchors: AnchorReport;
}

/** Re-hash every evidence file, walk the audit chain and check the database's references. */
export async function verifyCase(
  deps: Pick<CaseContext, 'db' | 'evidence' | 'paths'>,
): Promise<VerifyReport> {
  const rows = listEvidence(deps.db.raw);
  let alteredFile: VerifyReport['alteredFile'] = null;
  for (const row of rows) {
    const actual = await deps.evidence.rehash(row.sha256);
    if (actual !== row.sha256) {
      alteredFile = { sha256: row.sha256, path: deps.evidence.pathOf(row.sha256), actual };
      break;
    }
  }
  const known = new Set(rows.map((r) => r.sha256));
  const unreferenced = deps.evidence.list().filter((h) => !known.has(h)).length;
  const brokenLink = checkAuditChain(deps.db.raw);
  const auditEvents = countAudit(deps.db.raw);
  const dangling = danglingReferences(deps.db.raw);
  const anchors = await checkAnchors(deps);
  return {
    ok: alteredFile === null && brokenLink === null && dangling.length === 0 && anchors.problems.length === 0,
    evidenceFiles: rows.length,
    auditEvents,
    alteredFile,
    brokenLink,
    unreferenced,
    danglingReferences: dangling,
    anchors,
  };
}
