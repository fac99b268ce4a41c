import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { EXPORT_ROUTES } from '../../contracts/exports.js';
import { exportTable, type ExportBody, type ExportInput } from '../../app/export-table.js';
import { recordExport } from '../../app/record-export.js';
import { defineRoute } from '../route.js';
import { readCase, writeCase } from '../case-access.js';
import type { Person } from '../context.js';

const [actorsRoute, targetsRoute, mediaRoute, searchRoute] = EXPORT_ROUTES;

/** Defined values only (what the audit event records as the filters). */
function defined(o: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
}

/** Build the export, record it (audit event `export`), then stream it as a download. */
async function send(
  caseDir: string,
  person: Person,
  reply: FastifyReply,
  input: ExportInput,
  filters: Readonly<Record<string, unknown>>,
): Promise<Readable> {
  const body: ExportBody = await readCase(caseDir, (ctx) => exportTable(ctx, input));
  const { auditSeq } = await writeCase(caseDir, person, (ctx) =>
    recordExport(ctx, { body, format: input.format, filters: defined(filters) }),
  );
  void reply
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${body.fileName}"`)
    .header('x-vigie-audit-seq', String(auditSeq))
    .type(body.contentType);
  return Readable.from(body.chunks);
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
  defineRoute(app, mediaRoute, async ({ person, caseDir, query, reply }) =>
    send(
      caseDir,
      person,
      reply,
      { table: 'media', format: query.format, ...(query.status ? { status: query.status } : {}) },
      { status: query.status },
    ),
  );
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
