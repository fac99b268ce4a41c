import type { CaseContext } from './context.js';
import { journalPath, listJournals, readJournal, resolveAnchorDir } from '../store/anchor-journal.js';
import { listKeys, resolveKeyDir } from '../store/keys.js';
import { anchorSignatureProblem, type AnchorLine } from '../domain/anchor.js';

/** A failed anchor check: the error code `vigie verify` reports and a message naming journal, line and seq. */
export interface AnchorProblem {
  code: 'AUDIT_TRUNCATED' | 'AUDIT_REWRITTEN' | 'ANCHOR_SIGNATURE_INVALID' | 'ANCHOR_CASE_MISMATCH';
  message: string;
}

/** What the anchor journal says about this case's audit trail. */
export interface AnchorReport {
  /** The case id (hash of audit event 1), null for an empty trail. */
  caseId: string | null;
  /** The audit head now: write it into a report or a notebook. */
  head: { seq: number; hash: string } | null;
  anchorDir: string;
  journal: string | null;
  /** Readable journal lines for this case. */
  anchors: number;
  lastAnchored: { seq: number; head: string; at: string; command: string; key: string | null } | null;
  /** Keys whose signatures verified, with their name when the local key folder holds them. */
  signers: { fingerprint: string; name: string | null }[];
  problems: AnchorProblem[];
  warnings: string[];
}

/** Compare the audit chain with the anchor journal: cut tail, rewritten events, bad signatures (ADR 0011). */
export async function checkAnchors(
  deps: Pick<CaseContext, 'store' | 'paths'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AnchorReport> {
  const anchorDir = resolveAnchorDir(env);
  const head = await deps.store.audit.head();
  const caseId = await deps.store.audit.hashAt(1);
  const report: AnchorReport = {
    caseId,
    head: head && { seq: head.seq, hash: head.hash },
    anchorDir,
    journal: null,
    anchors: 0,
    lastAnchored: null,
    signers: [],
    problems: [],
    warnings: [],
  };
  if (head === null || caseId === null) {
    report.warnings.push('the audit trail has no first event: nothing to compare with an anchor journal');
    return report;
  }
  const file = journalPath(anchorDir, caseId);
  report.journal = file;
  const signers = new Set<string>();
  let top: { line: AnchorLine; lineNo: number } | null = null;
  let signedSeen = false;
  let createdHere = false;
  const entries = readJournal(file);
  const otherBranch = await copyBranches(deps, entries);
  for (const e of entries) {
    const where = `${file}:${e.lineNo}`;
    if (e.line === undefined) {
      report.warnings.push(`${where}: unreadable line ignored (${e.unreadable})`);
      continue;
    }
    const l = e.line;
    if (otherBranch(l)) continue;
    if (l.case !== caseId) {
      report.problems.push({
        code: 'ANCHOR_CASE_MISMATCH',
        message: `${where}: names case ${l.case}, not ${caseId}`,
      });
      continue;
    }
    const bad = anchorSignatureProblem(l);
    if (bad !== null) {
      report.problems.push({ code: 'ANCHOR_SIGNATURE_INVALID', message: `${where} (seq ${l.seq}): ${bad}` });
      continue;
    }
    report.anchors++;
    if (l.key) {
      signedSeen = true;
      signers.add(l.key);
    } else if (signedSeen) {
      report.warnings.push(`${where} (seq ${l.seq}): unsigned, after signed lines`);
    }
    if (l.seq === 1) createdHere = true;
    if (top === null || l.seq > top.line.seq) top = { line: l, lineNo: e.lineNo };
    const stored = l.seq <= head.seq ? await deps.store.audit.hashAt(l.seq) : null;
    if (stored !== null && stored !== l.head) {
      report.problems.push({
        code: 'AUDIT_REWRITTEN',
        message: `audit event ${l.seq} has hash ${stored} but was anchored as ${l.head} at ${l.at} (${where})`,
      });
    }
  }
  if (top !== null) {
    const t = top.line;
    report.lastAnchored = { seq: t.seq, head: t.head, at: t.at, command: t.command, key: t.key ?? null };
    if (t.seq > head.seq) {
      report.problems.unshift({
        code: 'AUDIT_TRUNCATED',
        message: `the audit trail ends at seq ${head.seq} but seq ${t.seq} was anchored at ${t.at} after '${t.command}' (${file}:${top.lineNo}): its last ${t.seq - head.seq} event(s) were cut off`,
      });
    }
  } else {
    report.warnings.push(
      `no anchor journal for this case in ${anchorDir} (a case from another machine? point --anchor-dir at the unit's copy)`,
    );
  }
  if (!createdHere) report.problems.push(...otherCaseHere(anchorDir, caseId, deps.paths.dir));
  const names = new Map(safeKeys(env).map((k) => [k.fingerprint, k.name]));
  report.signers = [...signers].sort().map((f) => ({ fingerprint: f, name: names.get(f) ?? null }));
  return report;
}

/**
 * `vigie case copy` forks the trail (ADR 0013): the copy keeps the case id and anchors into the same journal. A line
 * belongs to another branch when it was written from a copy's folder (a folder that anchored a `case copy` head)
 * other than this one, or, on a copy, from another folder at or after this trail's first `case copy` event.
 */
async function copyBranches(
  deps: Pick<CaseContext, 'store' | 'paths'>,
  entries: ReturnType<typeof readJournal>,
): Promise<(l: AnchorLine) => boolean> {
  const copies = new Set(entries.filter((e) => e.line?.command === 'case copy').map((e) => e.line?.dir));
  const fork = (await deps.store.audit.listByCommand('case copy'))[0]?.seq ?? Infinity;
  const own = deps.paths.dir;
  return (l) => l.dir !== own && (copies.has(l.dir) || l.seq >= fork);
}

/** A case not created under this anchor folder, in a folder where another case was anchored: rewritten from event 1? */
function otherCaseHere(anchorDir: string, caseId: string, dir: string): AnchorProblem[] {
  for (const j of listJournals(anchorDir)) {
    if (j.caseId === caseId) continue;
    const here = readJournal(j.file).filter((e) => e.line?.dir === dir && e.line.case === j.caseId);
    const last = here.at(-1);
    if (last?.line === undefined) continue;
    return [
      {
        code: 'ANCHOR_CASE_MISMATCH',
        message: `${dir} was anchored for another case (first event ${j.caseId}, seq ${last.line.seq} at ${last.line.at}, ${j.file}:${last.lineNo}) and this case's first event ${caseId} was never anchored from 'init' here: its audit trail was rewritten from event 1, or another case now occupies the folder (point --anchor-dir at the journal of the case's origin)`,
      },
    ];
  }
  return [];
}

function safeKeys(env: NodeJS.ProcessEnv): { fingerprint: string; name: string }[] {
  try {
    return listKeys(resolveKeyDir(env));
  } catch {
    return [];
  }
}
