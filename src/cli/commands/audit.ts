import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { checkAnchors, type AnchorReport } from '../../app/check-anchors.js';
import { listAudit, type AuditItem } from '../../app/list-audit.js';
import { log, present, runCommand, usage, type GlobalOptions } from '../output.js';
import {
  displayZone,
  listingOptions,
  localTime,
  plural,
  presentListing,
  type Column,
  type ListingOptions,
} from '../table.js';

/** The human lines for the audit head and its anchors (shared by `vigie verify` and `vigie audit head`). */
export function anchorLines(a: AnchorReport): string[] {
  const lines = [a.head ? `audit head: seq ${a.head.seq} sha256 ${a.head.hash}` : 'audit head: none'];
  if (a.caseId) lines.push(`case id: ${a.caseId}`);
  const last = a.lastAnchored;
  const signed = a.signers.map((s) => s.fingerprint + (s.name ? ` (${s.name})` : '')).join(', ');
  lines.push(
    last
      ? `anchored: ${plural(a.anchors, 'line')} in ${a.journal ?? '?'}, last seq ${last.seq} at ${last.at}${signed ? `, signed by ${signed}` : ', unsigned'}`
      : `anchored: none in ${a.anchorDir}`,
  );
  for (const p of a.problems) lines.push(`${p.code}: ${p.message}`);
  return lines;
}

/** `vigie audit [--since T] [--actor NAME]` (alias `audit list`): the trail; `vigie audit head`: its head and anchors. */
export function registerAudit(program: Command): void {
  const audit = program
    .command('audit')
    .description('the audit trail, event by event (who, when, what); `audit head` for its head and anchors');
  audit
    .command('head')
    .description('print the audit head (seq and SHA-256) and what the anchor journal holds for this case')
    .action((_o: unknown, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        return withCase(g, { readonly: true }, async (ctx) => {
          const r = await checkAnchors(ctx);
          present(g, r, () => anchorLines(r).join('\n'));
          for (const p of r.problems) log(`${p.code}: ${p.message}`);
          for (const w of r.warnings) log(`warning: ${w}`);
          return r.problems.length ? 2 : 0;
        });
      }),
    );
  const list = (o: AuditOptions, cmd: Command): Promise<void> =>
    runCommand(async () => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const since = o.since === undefined ? undefined : sinceOf(o.since);
      const zone = displayZone(o.tz);
      const columns: Column<AuditItem>[] = [
        { name: 'seq', text: (e) => String(e.seq), csv: (e) => e.seq, right: true },
        { name: `at (${zone})`, text: (e) => localTime(e.at, zone), csv: (e) => e.at },
        { name: 'who', text: (e) => e.user },
        { name: 'command', text: (e) => e.command },
        { name: 'subject', text: (e) => e.subject },
      ];
      return withCase(g, { readonly: true }, async (ctx) => {
        const items = (await listAudit(ctx)).filter(
          (e) =>
            (since === undefined || Date.parse(e.at) >= since) &&
            (o.actor === undefined || e.user === o.actor),
        );
        presentListing(g, o, items, items, columns, plural(items.length, 'event'), 'no audit events');
      });
    });
  for (const c of [
    audit,
    audit.command('list').description('the audit trail, event by event (as `vigie audit`)'),
  ])
    listingOptions(c)
      .option('--since <time>', 'events from this day or time on (2026-12-01, 2026-12-01T10:00Z)')
      .option('--actor <name>', 'events of this person (the OS user or the workbench sign-in)')
      .action(list);
}

interface AuditOptions extends ListingOptions {
  since?: string;
  actor?: string;
}

/** `--since` as epoch milliseconds (a bare day is its midnight UTC). */
function sinceOf(text: string): number {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(t)) usage(`--since ${text}: expected a day (2026-12-01) or a time (2026-12-01T10:00Z)`);
  return t;
}
