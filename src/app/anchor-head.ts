import type { CaseStore } from '../store/port.js';
import type { CasePaths } from '../store/case-folder.js';
import { appendJournal, journalPath, readJournal, resolveAnchorDir } from '../store/anchor-journal.js';
import { enclosingCase, loadSigningKey } from '../store/keys.js';
import { AppError } from '../domain/errors.js';
import { signAnchor, type AnchorLine } from '../domain/anchor.js';

/**
 * Append the case's audit head to its anchor journal when the head is past the last anchored seq (ADR 0011):
 * signed with the unit key when there is one. Returns the line written, or null when nothing was new.
 * A case context's close() calls it.
 */
export async function anchorCaseHead(
  deps: { store: CaseStore; paths: CasePaths; user: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<AnchorLine | null> {
  const head = await deps.store.audit.head();
  const caseId = await deps.store.audit.hashAt(1);
  if (head === null || caseId === null) return null;
  const anchorDir = resolveAnchorDir(env);
  const inCase = enclosingCase(anchorDir);
  if (inCase !== null) {
    throw new AppError(
      'ANCHOR_FAILED',
      `${anchorDir}: the anchor folder is inside the case folder ${inCase}; anchors must live outside any case (set --anchor-dir or $VIGIE_ANCHOR_DIR elsewhere)`,
    );
  }
  const file = journalPath(anchorDir, caseId);
  const anchored = readJournal(file).reduce(
    (m, e) => (e.line && e.line.case === caseId ? Math.max(m, e.line.seq) : m),
    0,
  );
  // A head at or below the last anchored seq is left alone: equal is done, below is for `vigie verify` to report.
  if (head.seq <= anchored) return null;
  const key = loadSigningKey(env);
  const plain: AnchorLine = {
    v: 1,
    case: caseId,
    seq: head.seq,
    head: head.hash,
    at: new Date().toISOString(),
    user: deps.user,
    command: head.command,
    dir: deps.paths.dir,
  };
  const line = key ? signAnchor(plain, key) : plain;
  appendJournal(file, line);
  return line;
}

/** anchorCaseHead for a command's end: an error says the change itself is committed and kept. */
export async function anchorAfterCommand(deps: {
  store: CaseStore;
  paths: CasePaths;
  user: string;
}): Promise<void> {
  try {
    await anchorCaseHead(deps);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const seq = (await deps.store.audit.head())?.seq ?? 0;
    throw new AppError(
      e.code,
      `${e.message}; the case keeps its changes (${deps.paths.dir}, audit head seq ${seq}), and the next command that can write the journal anchors it`,
    );
  }
}
