import type { Command } from 'commander';
import { openCase, resolveCaseDir } from '../../app/context.js';
import { verifyCase } from '../../app/verify-case.js';
import { log, present, runCommand, type GlobalOptions } from '../output.js';
import { anchorLines } from './audit.js';

/** `vigie verify`: re-hash the evidence, walk the audit chain, check references; non-zero exit when anything is wrong. */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      're-hash every evidence file, walk the audit chain, compare it with the anchor journal, check references',
    )
    .action((_o: unknown, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const ctx = openCase(resolveCaseDir(g.case), { readonly: true });
        try {
          const r = await verifyCase(ctx);
          present(g, r, () => {
            const lines = [`evidence files: ${r.evidenceFiles}`, `audit events: ${r.auditEvents}`];
            lines.push(...anchorLines(r.anchors));
            if (r.alteredFile)
              lines.push(
                `ALTERED: ${r.alteredFile.path} (expected ${r.alteredFile.sha256}, found ${r.alteredFile.actual ?? 'missing'})`,
              );
            if (r.brokenLink)
              lines.push(`BROKEN AUDIT CHAIN at event ${r.brokenLink.seq}: ${r.brokenLink.why}`);
            for (const d of r.danglingReferences)
              lines.push(`DANGLING REFERENCE: ${d.table} row ${d.rowid ?? '?'} names a missing ${d.parent}`);
            if (r.unreferenced)
              lines.push(`unreferenced evidence files (from interrupted imports): ${r.unreferenced}`);
            lines.push(r.ok ? 'verified: OK' : 'verification FAILED');
            return lines.join('\n');
          });
          if (r.alteredFile)
            log(`EVIDENCE_ALTERED: ${r.alteredFile.path}: content does not match its SHA-256`);
          if (r.brokenLink) log(`AUDIT_CHAIN_BROKEN: audit event ${r.brokenLink.seq}: ${r.brokenLink.why}`);
          for (const p of r.anchors.problems) log(`${p.code}: ${p.message}`);
          for (const w of r.anchors.warnings) log(`warning: ${w}`);
          if (r.danglingReferences.length)
            log(`CASE_CORRUPT: ${r.danglingReferences.length} database row(s) name missing rows`);
          return r.ok ? 0 : 2;
        } finally {
          ctx.close();
        }
      }),
    );
}
