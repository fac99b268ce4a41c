import type { CaseStore } from '../store/port.js';
import type { Finding } from '../domain/finding.js';
import { firstDifference, type RowDifference } from '../domain/row-diff.js';
import { HASHLIST_PARTS, partsOfKind, type DigestPart } from '../store/row-digest.js';
import { comparedColumns, tableKey } from '../store/table-rows.js';

const place = (d: RowDifference): { chat?: string; message?: number } => {
  const row = d.found ?? d.expected ?? {};
  const chat = row['chat_id'];
  const message = row['message_id'];
  return {
    ...(typeof chat === 'string' ? { chat } : {}),
    ...(typeof message === 'number' ? { message } : {}),
  };
};

const describe = (d: RowDifference, table: string, key: readonly string[]): string => {
  const row = d.found ?? d.expected ?? {};
  const where = key.map((k) => `${k} ${JSON.stringify(row[k] ?? null)}`).join(', ');
  if (d.kind === 'row-missing') return `${table} row (${where}) is missing`;
  if (d.kind === 'row-added') return `${table} row (${where}) is not in the evidence`;
  const f = d.field ?? '';
  return `${table} row (${where}): ${f} is ${JSON.stringify(d.found?.[f] ?? null)}, the evidence gives ${JSON.stringify(d.expected?.[f] ?? null)}`;
};

/** A finding for the first difference between the replayed (expected) and the case's (found) rows. */
function toFinding(
  check: string,
  table: string,
  key: readonly string[],
  d: RowDifference,
  source?: string,
): Finding {
  const f = d.field;
  return {
    check,
    kind: d.kind,
    table,
    ...(source ? { source } : {}),
    ...place(d),
    ...(f ? { field: f, expected: d.expected?.[f] ?? null, found: d.found?.[f] ?? null } : {}),
    ...(d.kind === 'row-missing' ? { expected: d.expected } : {}),
    ...(d.kind === 'row-added' ? { found: d.found } : {}),
    detail: `${source ? `source ${source}: ` : ''}${describe(d, table, key)}`,
  };
}

/**
 * Name the first row of a source (or hash-list version, `hashlist:NAME@V`) that differs between the case and its
 * replay, part by part. Null when the parts agree (the difference is elsewhere).
 */
export async function nameSourceDifference(
  real: CaseStore,
  replay: CaseStore,
  subject: string,
  table: string,
): Promise<Finding | null> {
  const list = /^hashlist:(.+)@(\d+)$/.exec(subject);
  let parts: readonly DigestPart[] | undefined;
  let args: (string | number)[];
  if (list) {
    parts = HASHLIST_PARTS;
    args = [list[1] ?? '', Number(list[2])];
  } else {
    const kind = (await real.integrity.listSources()).find((s) => s.id === subject)?.kind;
    parts = kind ? partsOfKind(kind) : undefined;
    args = [subject];
  }
  for (const p of (parts ?? []).filter((x) => x.table === table)) {
    const d = firstDifference(
      await replay.integrity.partRows(p, args),
      await real.integrity.partRows(p, args),
      p.key,
    );
    if (d) return toFinding('rows', p.table, p.key, d, subject);
  }
  return null;
}

/** Compare the given tables row for row (volatile columns left out); the first difference of each table. */
export async function compareTables(
  real: CaseStore,
  replay: CaseStore,
  tables: readonly string[],
): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const t of tables) {
    const meta = await real.integrity.columns(t);
    const cols = comparedColumns(meta);
    const key = tableKey(meta);
    const d = firstDifference(
      await replay.integrity.tableRows(t, cols, key),
      await real.integrity.tableRows(t, cols, key),
      key,
    );
    if (d) out.push(toFinding('replay', t, key, d));
  }
  return out;
}
