import type { StoreQ } from '../port.js';
import type { DigestPart } from '../row-digest.js';
import { digestOfRows, hashListDigest, partRowsOf, sourceDigest } from '../row-digest-query.js';
import { recordedDigests } from '../row-records.js';
import { chatSources, checkRowsIntact, recordRowDigests, type RowRefreshInput } from '../row-refresh.js';
import { caseTables, danglingReferences } from '../integrity.js';
import {
  expectedTriggers,
  hashListVersions,
  initRecord,
  rowsWithoutEvidence,
  sourceForReplay,
  storedPolicy,
  triggersOf,
  unheldMessages,
} from '../tamper-checks.js';
import { tableColumns, tableRows } from '../table-rows.js';
import { auditRepo } from '../audit.js';
import {
  copyPlan,
  deferForeignKeys,
  readTablePage,
  resetIdentities,
  writeTableRows,
  type CopyPlanTable,
} from '../table-copy.js';

/** Row digests, table dumps and tamper checks for `vigie verify` (ADR 0010). */
export function integrityRepo(q: StoreQ) {
  return {
    /** The digest of a source's rows by its kind (null for kinds digested otherwise). */
    sourceRowDigest: (sourceId: string) => sourceDigest(q, sourceId),
    /** The digest of a hash-list version's entries. */
    hashListRowDigest: (name: string, version: number) => hashListDigest(q, name, version),
    /** The digest of a subject over the given parts. */
    digestOf: (parts: readonly DigestPart[], args: readonly (string | number)[]) =>
      digestOfRows(q, parts, args),
    /** The canonical rows of one part, in order. */
    partRows: (p: DigestPart, args: readonly (string | number)[]) => partRowsOf(q, p, args),
    /** The row digests the audit trail records (latest per source and hash-list version). */
    recordedDigests: () => recordedDigests(q),
    /** The sources holding a chat (those a `vigie link` of that chat rewrites). */
    sourcesOfChat: (chatId: string) => chatSources(q, chatId),
    /** Throw CASE_TAMPERED when rows of any of `sources` differ from their recorded digests. */
    assertRowsIntact: (sources: readonly string[], what: string) => checkRowsIntact(q, sources, what),
    /** After a legitimate rewrite, record the changed sources' digests in one `rows` audit event. */
    recordChangedDigests: (input: RowRefreshInput) =>
      recordRowDigests(q, input, (e) => auditRepo(q).append(e)),
    /** Every source (id, kind), in id order. */
    listSources: () => q.db.selectFrom('source').select(['id', 'kind']).orderBy('id').execute(),
    /** Current hash-list versions, and entries of versions that are not current. */
    hashListVersions: () => hashListVersions(q),
    /** The triggers of the database by name, as `expectedTriggers` gives those of the migrations. */
    triggers: () => triggersOf(q),
    /** The append-only triggers the migrations create, in this database's form. */
    expectedTriggers: (migrationSql: readonly string[]) => expectedTriggers(q, migrationSql),
    /** The first `init` audit event. */
    initRecord: () => initRecord(q),
    /** Rows naming evidence that has no evidence row. */
    rowsWithoutEvidence: (limit?: number) => rowsWithoutEvidence(q, limit),
    /** Messages no source holds. */
    unheldMessages: (limit?: number) => unheldMessages(q, limit),
    /** References naming a missing row. */
    danglingReferences: (limit?: number) => danglingReferences(q, limit),
    /** What replaying a source needs. */
    sourceForReplay: (id: string) => sourceForReplay(q, id),
    /** The policy the latest triage stored. */
    storedPolicy: () => storedPolicy(q),
    /** The case's tables by name. */
    tables: () => caseTables(q),
    /** A table's columns from the catalogue. */
    columns: (table: string) => tableColumns(q, table),
    /** Every row of a table over `columns`, in key order. */
    tableRows: (table: string, columns: readonly string[], key: readonly string[]) =>
      tableRows(q, table, columns, key),
    /** The tables to copy, parents first, with their columns and read order (`vigie case copy`). */
    copyPlan: () => copyPlan(q),
    /** One page of a table's rows, as value arrays. */
    readTablePage: (t: CopyPlanTable, offset: number, limit: number) => readTablePage(q, t, offset, limit),
    /** Write copied rows through the bulk path. */
    writeTableRows: (t: CopyPlanTable, rows: readonly unknown[][]) => writeTableRows(q, t, rows),
    /** Check foreign keys at commit for the rest of this transaction. */
    deferForeignKeys: () => deferForeignKeys(q),
    /** Move identity sequences past the copied ids (PostgreSQL). */
    resetIdentities: () => resetIdentities(q),
  };
}
