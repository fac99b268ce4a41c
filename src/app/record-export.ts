import type { CaseContext } from './context.js';
import type { ExportBody } from './export-table.js';

/** Record a table export as an audit event `export` (an export is a disclosure): table, filters, rows, digest. */
export async function recordExport(
  deps: Pick<CaseContext, 'store' | 'user'>,
  input: { body: ExportBody; format: 'csv' | 'json'; filters: Readonly<Record<string, unknown>> },
): Promise<{ auditSeq: number }> {
  const { body } = input;
  const event = await deps.store.transaction((tx) =>
    tx.audit.append({
      user: deps.user,
      command: 'export',
      subject: body.table,
      details: {
        table: body.table,
        format: input.format,
        filters: input.filters,
        rows: body.rows,
        bytes: body.bytes,
        sha256: body.sha256,
        fileName: body.fileName,
      },
    }),
  );
  return { auditSeq: event.seq };
}
