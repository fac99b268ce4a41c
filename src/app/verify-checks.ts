import type { CaseContext } from './context.js';
import type { Finding } from '../domain/finding.js';
import { MIGRATIONS } from '../store/migrations/index.js';
import { HASHLIST_PARTS, partsOfKind } from '../store/row-digest.js';
import { normaliseSql } from '../store/tamper-checks.js';
import { decisionsCheck } from './verify-decisions.js';

/** What a check may read. */
export type CheckDeps = Pick<CaseContext, 'store' | 'evidence' | 'info' | 'paths'>;

/** One check of `vigie verify`: a name and a function returning what it found (empty: fine). */
export interface VerifyCheck {
  readonly name: string;
  run(deps: CheckDeps): Promise<Finding[]> | Finding[];
}

/** One `rows-differ` finding per part whose digest now differs from the recorded one. */
function differingParts(
  parts: readonly { name: string; table: string }[],
  now: Readonly<Record<string, string>>,
  recorded: Readonly<Record<string, string>>,
  source: string,
  detail: (table: string) => string,
): Finding[] {
  return parts
    .filter((p) => now[p.name] !== recorded[p.name])
    .map((p) => ({
      check: 'rows',
      kind: 'rows-differ',
      table: p.table,
      source,
      expected: recorded[p.name] ?? null,
      found: now[p.name] ?? null,
      detail: detail(p.table),
    }));
}

/** Recompute the row digest of every source and current hash-list version; compare with the audit trail's. */
export const rowDigestCheck: VerifyCheck = {
  name: 'rows',
  async run(deps) {
    const ig = deps.store.integrity;
    const rec = await ig.recordedDigests();
    const out: Finding[] = [];
    const present = new Set<string>();
    for (const s of await ig.listSources()) {
      present.add(s.id);
      const parts = partsOfKind(s.kind);
      if (!parts) continue;
      const r = rec.sources.get(s.id);
      if (!r) {
        if (!rec.legacy.has(s.id))
          out.push({
            check: 'rows',
            kind: 'source-unaudited',
            table: 'source',
            source: s.id,
            detail: `source ${s.id} (${s.kind}) is in the database but no audit event records its import`,
          });
        continue;
      }
      const now = await ig.digestOf(parts, [s.id]);
      if (now.digest === r.rows.digest) continue;
      out.push(
        ...differingParts(parts, now.parts, r.rows.parts, s.id, (t) => {
          return `source ${s.id}: rows of ${t} differ from those recorded by audit event ${r.seq} (${r.command})`;
        }),
      );
    }
    for (const id of rec.sources.keys())
      if (!present.has(id))
        out.push({
          check: 'rows',
          kind: 'source-missing',
          table: 'source',
          source: id,
          detail: `source ${id}: recorded in the audit trail, missing from the database`,
        });
    const lists = await ig.hashListVersions();
    for (const l of lists.current) {
      const r = rec.lists.get(`${l.name}@${l.version}`);
      if (!r) continue;
      const now = await ig.digestOf(HASHLIST_PARTS, [l.name, l.version]);
      out.push(
        ...differingParts(HASHLIST_PARTS, now.parts, r.rows.parts, `hashlist:${l.name}@${l.version}`, (t) => {
          return `hash list ${l.name} version ${l.version}: rows of ${t} differ from those recorded by audit event ${r.seq}`;
        }),
      );
    }
    for (const [name, version] of rec.currentLists)
      if (!lists.current.some((l) => l.name === name && l.version === version))
        out.push({
          check: 'rows',
          kind: 'row-missing',
          table: 'hash_list',
          source: `hashlist:${name}@${version}`,
          detail: `hash list ${name} version ${version}: current in the audit trail, missing from the database`,
        });
    for (const s of lists.stale)
      out.push({
        check: 'rows',
        kind: 'row-added',
        table: 'hash_list_entry',
        source: `hashlist:${s.list_name}@${s.version}`,
        found: s.n,
        detail: `hash list ${s.list_name} version ${s.version}: ${s.n} entries of a version that is not current`,
      });
    return out;
  },
};

/** The triggers that make tables append-only exist, with the SQL their migration gave them. */
export const appendOnlyCheck: VerifyCheck = {
  name: 'append-only',
  async run(deps) {
    const have = await deps.store.integrity.triggers();
    const table = deps.store.dialect === 'sqlite' ? 'sqlite_master' : 'pg_trigger';
    const out: Finding[] = [];
    for (const [name, sql] of deps.store.integrity.expectedTriggers(MIGRATIONS.map((m) => m.sql))) {
      const found = have.get(name);
      if (found === undefined)
        out.push({
          check: 'append-only',
          kind: 'trigger-missing',
          table,
          field: name,
          expected: sql,
          found: null,
          detail: `trigger ${name} is missing: its table is no longer append-only`,
        });
      else if (normaliseSql(found) !== normaliseSql(sql))
        out.push({
          check: 'append-only',
          kind: 'trigger-altered',
          table,
          field: name,
          expected: sql,
          found,
          detail: `trigger ${name} differs from the one migration created`,
        });
    }
    return out;
  },
};

/** case.json's name and home are those the `init` audit event recorded. */
export const caseJsonCheck: VerifyCheck = {
  name: 'case-json',
  async run(deps) {
    const init = await deps.store.integrity.initRecord();
    if (!init)
      return [
        {
          check: 'case-json',
          kind: 'init-missing',
          table: 'audit_event',
          detail: 'the audit trail has no init event',
        },
      ];
    const rec = JSON.parse(init.details) as Record<string, unknown>;
    const out: Finding[] = [];
    for (const field of ['name', 'home'] as const)
      if ((rec[field] ?? null) !== (deps.info[field] ?? null))
        out.push({
          check: 'case-json',
          kind: 'field-changed',
          table: 'case.json',
          field,
          expected: rec[field] ?? null,
          found: deps.info[field] ?? null,
          detail: `${deps.paths.caseJson}: ${field} is ${JSON.stringify(deps.info[field] ?? null)}, init (audit event ${init.seq}) recorded ${JSON.stringify(rec[field] ?? null)}`,
        });
    return out;
  },
};

/** Every source, file, media and occurrence naming a stored file has its evidence row (the file is re-hashed). */
export const evidenceRowsCheck: VerifyCheck = {
  name: 'evidence',
  async run(deps) {
    return (await deps.store.integrity.rowsWithoutEvidence()).map((m) => ({
      check: 'evidence',
      kind: 'evidence-missing',
      table: m.table,
      ...(m.source ? { source: m.source } : {}),
      field: 'sha256',
      expected: m.sha256,
      found: null,
      detail: `${m.table} ${m.place}: names evidence ${m.sha256}, which has no evidence row`,
    }));
  },
};

/** Every message is held by a source of the case (a forged row with no source is caught here). */
export const unheldMessagesCheck: VerifyCheck = {
  name: 'orphans',
  async run(deps) {
    return (await deps.store.integrity.unheldMessages()).map((m) => ({
      check: 'orphans',
      kind: 'row-added',
      table: 'message',
      chat: m.chat_id,
      message: m.message_id,
      detail: `message ${m.message_id} of ${m.chat_id}: no source of the case holds it`,
    }));
  },
};

/** The checks `vigie verify` runs after re-hashing evidence and walking the audit chain, in order. */
export const VERIFY_CHECKS: readonly VerifyCheck[] = [
  rowDigestCheck,
  appendOnlyCheck,
  caseJsonCheck,
  evidenceRowsCheck,
  unheldMessagesCheck,
  decisionsCheck,
];
