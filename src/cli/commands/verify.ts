import type { Command } from 'commander';
import { findingPlace } from '../../app/verify-first.js';
import { withCase } from '../with-case.js';
import { verifyCase } from '../../app/verify-case.js';
import { log, present, runCommand, type GlobalOptions } from '../output.js';
import { progressFor } from '../progress.js';
import { anchorLines } from './audit.js';
import { isPackagePath, verifyPackage } from '../../app/verify-package.js';

/** `vigie verify`: re-hash the evidence, walk the audit chain, check references; non-zero exit when anything is wrong. */
export function registerVerify(program: Command): void {
  program
    .command('verify [package]')
    .description(
      're-hash every evidence file, walk the audit chain, compare it with the anchor journal, check database references and rows against their recorded digests; with PACKAGE (a referral bag folder or .zip), check its signature, manifests and files',
    )
    .option(
      '--replay',
      're-import every source into a scratch case, recompute derived tables, compare row for row',
    )
    .action((pkg: string | undefined, o: { replay?: boolean }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        if (pkg !== undefined) return verifyPackageCommand(g, pkg);
        const progress = progressFor(g);
        return withCase(g, { readonly: true }, async (ctx) => {
          const r = await verifyCase(ctx, {
            replay: o.replay === true,
            onProgress: (p) => progress.update(p.stage.replace(/^verify /, ''), p.done, p.total),
          });
          progress.stop();
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
              lines.push(`DANGLING REFERENCE: ${d.table} row (${d.row}) names a missing ${d.parent}`);
            for (const f of r.findings) lines.push(`TAMPERED (${f.check}): ${f.detail}`);
            for (const s of r.replaySkipped ?? [])
              lines.push(`not replayed: event ${s.seq} (${s.command}): ${s.why}`);
            if (r.unreferenced)
              lines.push(`unreferenced evidence files (from interrupted imports): ${r.unreferenced}`);
            lines.push(r.ok ? 'verified: OK' : 'verification FAILED');
            return lines.join('\n');
          });
          if (r.alteredFile)
            log(
              `EVIDENCE_ALTERED: ${r.alteredFile.path}: ${r.alteredFile.actual === null ? 'missing' : 'content does not match its SHA-256'}`,
            );
          if (r.brokenLink) log(`AUDIT_CHAIN_BROKEN: audit event ${r.brokenLink.seq}: ${r.brokenLink.why}`);
          for (const p of r.anchors.problems) log(`${p.code}: ${p.message}`);
          for (const w of r.anchors.warnings) log(`warning: ${w}`);
          if (r.danglingReferences.length)
            log(`CASE_CORRUPT: ${r.danglingReferences.length} database row(s) name missing rows`);
          // The log names the place, never the values (they may be message text): those are on stdout.
          const first = r.findings[0];
          if (first)
            log(
              `CASE_TAMPERED: ${findingPlace(first)}${r.findings.length > 1 ? ` (and ${r.findings.length - 1} more)` : ''}`,
            );
          return r.ok ? 0 : 2;
        }).finally(() => progress.stop());
      }),
    );
}

/** `vigie verify PACKAGE`: the first failed check named on stderr, exit 2. */
async function verifyPackageCommand(g: GlobalOptions, pkg: string): Promise<number> {
  if (!isPackagePath(pkg)) log(`warning: ${pkg}: no bagit.txt here; checking it as a package anyway`);
  const r = await verifyPackage({ path: pkg });
  present(g, r, () =>
    r.ok
      ? `package ${r.path}: signature by sha256 ${r.signer ?? '?'}, ${r.payloadFiles} payload files\nverified: OK`
      : `package ${r.path}: FAILED (${r.failure?.check ?? '?'}): ${r.failure?.detail ?? ''}\nverification FAILED`,
  );
  if (r.failure) log(`PACKAGE_INVALID: ${r.failure.check}: ${r.failure.detail}`);
  return r.ok ? 0 : 2;
}
