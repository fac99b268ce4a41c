import type { CaseContext } from './context.js';
import type { ExportTable } from './export-table.js';

/** What left the case: the table, its file name, rows, bytes and SHA-256. */
export interface ExportedBody {
  readonly table: ExportTable;
  readonly fileName: string;
  readonly rows: number;
  readonly bytes: number;
  readonly sha256: string;
}

/** Record a table export as an audit event `export` (an export is a disclosure): table, filters, rows, digest. */
export async function recordExport(
  deps: Pick<CaseContext, 'store' | 'user'>,
  input: { body: ExportedBody; format: 'csv' | 'json'; filters: Readonly<Record<string, unknown>> },
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
