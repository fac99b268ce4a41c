import type { DanglingReference } from '../store/integrity.js';
import type { Finding } from '../domain/finding.js';
import { VERIFY_CHECKS, type CheckDeps } from './verify-checks.js';
import { compareTables, nameSourceDifference } from './replay-compare.js';
import { ANALYSIS_TABLES, DERIVED_TABLES, EVIDENCE_TABLES } from '../store/table-rows.js';

/** Options of `vigie verify`. */
export interface VerifyInput {
  /**
   * Re-import every source from the evidence store into a scratch case, recompute the derived tables with the
   * recorded settings, and compare every table row for row.
   */
  readonly replay?: boolean;
  /** Heard as verify goes: evidence files re-hashed, then checks run (the workbench's verify job). */
  readonly onProgress?: (p: { stage: string; done: number; total: number | null }) => void;
}
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
  /** What the further checks found (rows against their recorded digests, triggers, case.json, evidence rows). */
  findings: Finding[];
  /** With --replay: audit events the replay could not run again, with why. */
  replaySkipped?: { seq: number; command: string; why: string }[];
  /** The audit head and what the anchor journal says about it (ADR 0011). */
  anchors: AnchorReport;
}

/** Re-hash every evidence file, walk the audit chain and check the database's references. */
export async function verifyCase(deps: CheckDeps, input: VerifyInput = {}): Promise<VerifyReport> {
  const rows = await deps.store.sources.listEvidence();
  let alteredFile: VerifyReport['alteredFile'] = null;
  const progress = input.onProgress;
  for (const [i, row] of rows.entries()) {
    if (progress && (i % 100 === 0 || i === rows.length - 1))
      progress({ stage: 'verify evidence', done: i + 1, total: rows.length });
    const actual = await deps.evidence.rehash(row.sha256);
    if (actual !== row.sha256) {
      alteredFile = { sha256: row.sha256, path: deps.evidence.pathOf(row.sha256), actual };
      break;
    }
  }
  const known = new Set(rows.map((r) => r.sha256));
  const unreferenced = deps.evidence.list().filter((h) => !known.has(h)).length;
  const brokenLink = await deps.store.audit.check();
  const auditEvents = await deps.store.audit.count();
  const dangling = await deps.store.integrity.danglingReferences();
  const anchors = await checkAnchors(deps);
  const findings: Finding[] = [];
  for (const [i, check] of VERIFY_CHECKS.entries()) {
    progress?.({ stage: 'verify checks', done: i, total: VERIFY_CHECKS.length });
    findings.push(...(await check.run(deps)));
  }
  progress?.({ stage: 'verify checks', done: VERIFY_CHECKS.length, total: VERIFY_CHECKS.length });
  const replayed = await replayAndName(deps, findings, input.replay === true);
  return {
    ok:
      alteredFile === null &&
      brokenLink === null &&
      dangling.length === 0 &&
      replayed.findings.length === 0 &&
      anchors.problems.length === 0,
    evidenceFiles: rows.length,
    auditEvents,
    alteredFile,
    brokenLink,
    unreferenced,
    danglingReferences: dangling,
    findings: replayed.findings,
    ...(input.replay ? { replaySkipped: replayed.skipped } : {}),
    anchors,
  };
}

/**
 * When rows differ from their recorded digests (or with --replay), rebuild the case from its evidence in a scratch
 * case and name the first row that differs in each differing part (chat, message, field); with --replay, also
 * compare every evidence and derived table row for row.
 */
async function replayAndName(
  deps: CheckDeps,
  findings: Finding[],
  full: boolean,
): Promise<{ findings: Finding[]; skipped: { seq: number; command: string; why: string }[] }> {
  const differing = findings.filter((f) => f.kind === 'rows-differ');
  if (differing.length === 0 && !full) return { findings, skipped: [] };
  let replay;
  try {
    // Loaded only when a replay runs: it pulls in every importer and the analysis (language models: ~1.5 s to load),
    // which a plain verify, and a package's, never need.
    const { replayCase } = await import('./replay-case.js');
    replay = await replayCase(deps, { derived: full });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      findings: [
        ...findings,
        {
          check: 'replay',
          kind: 'replay-failed',
          detail: `the case could not be rebuilt from its evidence: ${why}`,
        },
      ],
      skipped: [],
    };
  }
  try {
    const out: Finding[] = [];
    for (const f of findings) {
      if (f.kind !== 'rows-differ' || !f.source || !f.table) {
        out.push(f);
        continue;
      }
      // Rows equal to those the evidence gives when replayed are not tampered with: a later legitimate import
      // changed what the recorded digest covered (ADR 0010, e.g. a JSON export replacing an HTML row's content).
      const named = await nameSourceDifference(deps.store, replay.ctx.store, f.source, f.table);
      if (named) out.push(named);
    }
    // A stage the replay could not run again (a lexicon file not kept) leaves its tables out of the comparison.
    const derived = replay.skipped.length
      ? DERIVED_TABLES.filter((t) => !ANALYSIS_TABLES.includes(t))
      : DERIVED_TABLES;
    if (full)
      out.push(...(await compareTables(deps.store, replay.ctx.store, [...EVIDENCE_TABLES, ...derived])));
    return { findings: out, skipped: replay.skipped };
  } finally {
    await replay.dispose();
  }
}
