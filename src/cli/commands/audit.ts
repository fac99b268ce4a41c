import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { checkAnchors, type AnchorReport } from '../../app/check-anchors.js';
import { listAudit } from '../../app/list-audit.js';
import { log, present, runCommand, type GlobalOptions } from '../output.js';

/** The human lines for the audit head and its anchors (shared by `vigie verify` and `vigie audit head`). */
export function anchorLines(a: AnchorReport): string[] {
  const lines = [a.head ? `audit head: seq ${a.head.seq} sha256 ${a.head.hash}` : 'audit head: none'];
  if (a.caseId) lines.push(`case id: ${a.caseId}`);
  const last = a.lastAnchored;
  const signed = a.signers.map((s) => s.fingerprint + (s.name ? ` (${s.name})` : '')).join(', ');
  lines.push(
    last
      ? `anchored: ${a.anchors} line(s) in ${a.journal ?? '?'}, last seq ${last.seq} at ${last.at}${signed ? `, signed by ${signed}` : ', unsigned'}`
      : `anchored: none in ${a.anchorDir}`,
  );
  for (const p of a.problems) lines.push(`${p.code}: ${p.message}`);
  return lines;
}

/** `vigie audit head`: print the audit head (seq and hash) and the last anchor, to write into a report. */
export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the audit trail');
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
  audit
    .command('list')
    .description('the audit trail, event by event (who, when, what)')
    .action((_o: unknown, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        return withCase(g, { readonly: true }, async (ctx) => {
          const items = await listAudit(ctx);
          present(g, items, () =>
            items.map((e) => `${e.seq}\t${e.at}\t${e.user}\t${e.command}\t${e.subject}`).join('\n'),
          );
        });
      }),
    );
}
