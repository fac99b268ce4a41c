import type { CaseContext } from './context.js';

/** One audit event as `vigie audit list --json` and `GET …/audit` show it. */
export interface AuditItem {
  readonly seq: number;
  /** ISO-8601 UTC */
  readonly at: string;
  /** Who acted: the OS user for the CLI, the signed-in person for the workbench. */
  readonly user: string;
  readonly command: string;
  readonly subject: string;
  readonly details: unknown;
  readonly prevHash: string;
  readonly hash: string;
}

/** Filters of the audit listing: who acted, which command, on which subject (each exact). */
export interface AuditFilters {
  readonly user?: string;
  readonly command?: string;
  readonly subject?: string;
}

/**
 * The audit trail in order, or a page of it (after a sequence number, at most `limit` events), optionally only the
 * events of one person, command and subject; filters and page are cut in the database.
 */
export async function listAudit(
  deps: Pick<CaseContext, 'store'>,
  page: { after?: number; limit?: number } & AuditFilters = {},
): Promise<AuditItem[]> {
  const events = await deps.store.transaction((tx) => tx.investigation.auditPage(page), { readonly: true });
  return events.map((e) => ({
    seq: e.seq,
    at: e.at,
    user: e.user,
    command: e.command,
    subject: e.subject,
    details: parseDetails(e.details),
    prevHash: e.prev_hash,
    hash: e.hash,
  }));
}

function parseDetails(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
