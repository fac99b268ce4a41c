import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { EXPORT_ROUTES } from '../../contracts/exports.js';
import { UNCATEGORISED } from '../../contracts/listings.js';
import { exportRows, type ExportInput } from '../../app/export-table.js';
import { recordExport, type ExportedBody } from '../../app/record-export.js';
import { toCsv } from '../../contracts/csv.js';
import { EXPORT_COLUMNS, type Column } from '../export-columns.js';
import { defineRoute } from '../route.js';
import { readCase, writeCase } from '../case-access.js';
import type { Person } from '../context.js';

const [actorsRoute, targetsRoute, mediaRoute, searchRoute] = EXPORT_ROUTES;

/** Defined values only (what the audit event records as the filters). */
function defined(o: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
}

/** Write a whole table as CSV (the one CSV writer: formula cells neutralised) or JSON, page by page, with its digest. */
async function render(
  caseDir: string,
  caseName: string,
  input: ExportInput,
): Promise<ExportedBody & { chunks: string[] }> {
  const columns = EXPORT_COLUMNS[input.table] as ReadonlyArray<Column<unknown>>;
  const header = toCsv(columns, []);
  const chunks: string[] = input.format === 'csv' ? [header] : ['['];
  let rows = 0;
  await readCase(caseDir, async (ctx) => {
    for await (const page of exportRows(ctx, input)) {
      chunks.push(
        input.format === 'csv'
          ? toCsv(columns, page).slice(header.length)
          : page.map((x, i) => (rows + i === 0 ? '' : ',') + JSON.stringify(x)).join(''),
      );
      rows += page.length;
    }
  });
  if (input.format === 'json') chunks.push(']\n');
  const hash = createHash('sha256');
  let bytes = 0;
  for (const c of chunks) {
    hash.update(c, 'utf8');
    bytes += Buffer.byteLength(c, 'utf8');
  }
  const fileName = `${caseName}-${input.table}.${input.format}`;
  return { table: input.table, fileName, rows, bytes, sha256: hash.digest('hex'), chunks };
}

/** Build the export, record it (audit event `export`), then stream it as a download. */
async function send(
  caseDir: string,
  person: Person,
  reply: FastifyReply,
  input: ExportInput,
  filters: Readonly<Record<string, unknown>>,
): Promise<Readable> {
  const caseName = caseDir.split(/[\\/]/).filter(Boolean).pop() ?? 'case';
  const { chunks, ...body } = await render(caseDir, caseName, input);
  const { auditSeq } = await writeCase(caseDir, person, (ctx) =>
    recordExport(ctx, { body, format: input.format, filters: defined(filters) }),
  );
  void reply
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${body.fileName}"`)
    .header('x-vigie-audit-seq', String(auditSeq))
    .type(input.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
  return Readable.from(chunks);
}

/** Table exports as CSV or JSON downloads, each an audit event (an export is a disclosure). */
export function exportRoutes(app: FastifyInstance): void {
  defineRoute(app, actorsRoute, async ({ person, caseDir, query, reply }) =>
    send(caseDir, person, reply, { table: 'actors', format: query.format }, {}),
  );
  defineRoute(app, targetsRoute, async ({ person, caseDir, query, reply }) => {
    const { format, ...filters } = query;
    return send(
      caseDir,
      person,
      reply,
      {
        table: 'targets',
        format,
        ...(query.country !== undefined ? { country: query.country } : {}),
        ...(query.home === 'true' ? { home: true } : {}),
      },
      filters,
    );
  });
  defineRoute(app, mediaRoute, async ({ person, caseDir, query, reply }) => {
    const { format, status, category, chat, actor, from, to } = query;
    const filters = {
      ...(category !== undefined ? { category: category === UNCATEGORISED ? null : category } : {}),
      ...(chat !== undefined ? { chat } : {}),
      ...(actor !== undefined ? { actor } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    };
    return send(
      caseDir,
      person,
      reply,
      { table: 'media', format, ...(status ? { status } : {}), filters },
      { status, category, chat, actor, from, to },
    );
  });
  defineRoute(app, searchRoute, async ({ person, caseDir, query, reply }) => {
    const { format, q, hasMedia, ...rest } = query;
    const search = {
      query: q,
      ...(rest.chat !== undefined ? { chat: rest.chat } : {}),
      ...(rest.actor !== undefined ? { actor: rest.actor } : {}),
      ...(rest.from !== undefined ? { from: rest.from } : {}),
      ...(rest.to !== undefined ? { to: rest.to } : {}),
      ...(hasMedia === 'true' ? { hasMedia: true } : {}),
      ...(rest.status !== undefined ? { status: rest.status } : {}),
    };
    return send(caseDir, person, reply, { table: 'search', format, search }, { q, hasMedia, ...rest });
  });
}
