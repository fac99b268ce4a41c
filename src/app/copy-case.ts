import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { openCase, currentUser, type CaseContext } from './context.js';
import { schemaName } from './init-case.js';
import { asAppError } from './faults.js';
import { anchorAfterCommand } from './anchor-head.js';
import { casePaths, createCaseFolder, type CaseInfo, type CasePaths } from '../store/case-folder.js';
import { openStore } from '../store/open-store.js';
import { checkDatabaseUrl } from '../store/postgres/store.js';
import { dropPostgresSchema } from '../store/postgres/open.js';
import type { CaseStore } from '../store/port.js';
import type { Repositories } from '../store/repositories.js';
import { EvidenceStore } from '../store/evidence.js';
import { AppError, isAppError } from '../domain/errors.js';
import { CASE_INNER_BYTES, checkPathLength } from '../domain/paths.js';

/** Input of copyCase. */
export interface CopyCaseInput {
  /** The case to copy (opened for writing: an older schema is migrated first; nothing else changes). */
  readonly from: string;
  /** The new case folder (refused when a case is there). */
  readonly to: string;
  /** A PostgreSQL server and database for the copy's tables; absent: the embedded SQLite file. */
  readonly database?: string;
}

/** What `vigie case copy` did. */
export interface CopyCaseReport {
  readonly from: string;
  readonly to: string;
  readonly database: 'sqlite' | 'postgres';
  /** Rows copied per table. */
  readonly rows: Record<string, number>;
  /** Evidence files hard-linked (same filesystem) and copied. */
  readonly evidence: { linked: number; copied: number };
  /** The `case copy` audit event on the copy. */
  readonly auditSeq: number;
}

/** Rows read and written per page. */
const PAGE = 2000;

/**
 * Copy a case into a new folder, between SQLite and PostgreSQL in either direction (ADR 0013): case.json's fields,
 * evidence (hard links when possible, read-only), derived files, every table row for row through the port in one
 * transaction, the audit trail as is (same case id), then a `case copy` event on the copy, which is anchored.
 */
export async function copyCase(input: CopyCaseInput): Promise<CopyCaseReport> {
  const to = casePaths(input.to);
  checkPathLength(to.dir, to.dir, CASE_INNER_BYTES);
  if (existsSync(to.caseJson) || existsSync(to.sqlite))
    throw new AppError('CASE_EXISTS', `${to.dir}: a case already exists here; refusing to overwrite it`);
  if (input.database !== undefined) checkDatabaseUrl(input.database);
  const src = await openCase(input.from, { command: 'vigie case copy', anchor: false });
  try {
    if (src.paths.dir === to.dir)
      throw new AppError('USAGE', `${to.dir}: the copy must go to another folder`);
    return await copyInto(src, to, input.database);
  } finally {
    await src.close();
  }
}

async function copyInto(src: CaseContext, to: CasePaths, url: string | undefined): Promise<CopyCaseReport> {
  const existed = existsSync(to.dir);
  const database =
    url === undefined ? undefined : { kind: 'postgres' as const, url, schema: schemaName(to.dir) };
  let made = false;
  try {
    const made0 = createCaseFolder(to, src.info.name, src.info.home, database);
    made = true;
    // The copy keeps the case's identity: created when and by which Vigie; only where its tables live changes.
    const info: CaseInfo = { ...made0, created: src.info.created, createdBy: src.info.createdBy };
    writeFileSync(to.caseJson, JSON.stringify(info, null, 2) + '\n');
    const evidence = copyEvidence(src.evidence, new EvidenceStore(to.evidence));
    cpSync(src.paths.derived, to.derived, { recursive: true });
    const store = await openStore(to, info, { create: true });
    try {
      const user = currentUser();
      const out = await copyRows(src.store, store, async (tx, rows) => {
        const ev = await tx.audit.append({
          user,
          command: 'case copy',
          subject: to.dir,
          details: { from: src.paths.dir, to: to.dir, database: store.dialect, rows, evidence },
        });
        return ev.seq;
      });
      await anchorAfterCommand({ store, paths: to, user });
      return { from: src.paths.dir, to: to.dir, database: store.dialect, ...out, evidence };
    } finally {
      await store.close();
    }
  } catch (e) {
    // Leave no half-made copy behind (an anchoring failure keeps the copy: its message says so).
    if (made && !isAppError(e, 'ANCHOR_FAILED')) {
      if (existed)
        for (const f of [to.caseJson, to.sqlite, `${to.sqlite}-wal`, `${to.sqlite}-shm`])
          rmSync(f, { force: true });
      else rmSync(to.dir, { recursive: true, force: true });
      if (existed) for (const d of [to.evidence, to.derived]) rmSync(d, { recursive: true, force: true });
      if (database) await dropPostgresSchema(database).catch(() => undefined);
    }
    throw asAppError(e) ?? e;
  }
}

/** Every evidence file into the copy's store: a hard link on the same filesystem, else a copy made read-only. */
function copyEvidence(from: EvidenceStore, to: EvidenceStore): { linked: number; copied: number } {
  let linked = 0;
  let copied = 0;
  for (const h of from.list()) {
    const dest = to.pathOf(h);
    mkdirSync(dirname(dest), { recursive: true });
    try {
      linkSync(from.pathOf(h), dest);
      linked++;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK') throw e;
      copyFileSync(from.pathOf(h), dest);
      chmodSync(dest, 0o444);
      copied++;
    }
  }
  return { linked, copied };
}

/**
 * Copy every table in one transaction of the target, parents first, page by page in key order; `finish` appends
 * the copy's audit event in the same transaction. Returns the rows per table and the event's seq.
 */
async function copyRows(
  from: CaseStore,
  to: CaseStore,
  finish: (tx: Repositories, rows: Record<string, number>) => Promise<number>,
): Promise<{ rows: Record<string, number>; auditSeq: number }> {
  // One snapshot of the source (a read-only transaction) into one transaction of the copy.
  return from.transaction((src) => copyAll(src, to, finish), { readonly: true });
}

async function copyAll(
  from: Repositories,
  to: CaseStore,
  finish: (tx: Repositories, rows: Record<string, number>) => Promise<number>,
): Promise<{ rows: Record<string, number>; auditSeq: number }> {
  const plan = await from.integrity.copyPlan();
  return to.transaction(async (tx) => {
    await tx.integrity.deferForeignKeys();
    const rows: Record<string, number> = {};
    for (const t of plan) {
      let n = 0;
      for (let offset = 0; ; offset += PAGE) {
        const page = await from.integrity.readTablePage(t, offset, PAGE);
        if (page.length) n += await tx.integrity.writeTableRows(t, page);
        if (page.length < PAGE) break;
      }
      rows[t.table] = n;
    }
    await tx.integrity.resetIdentities();
    await tx.search.rebuild(); // the search index is derived: rebuilt, never copied
    const auditSeq = await finish(tx, rows);
    return { rows, auditSeq };
  });
}
