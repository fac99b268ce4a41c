import type { Command } from 'commander';
import { VIGIE } from '../next.js';
import { copyCase } from '../../app/copy-case.js';
import { present, runCommand, type GlobalOptions } from '../output.js';

/** `vigie case copy SRC_DIR DST_DIR [--database URL]`: copy a case between SQLite and PostgreSQL (ADR 0013). */
export function registerCase(program: Command): void {
  const cmd = program.command('case').description('whole-case operations');
  cmd
    .command('copy <src> <dst>')
    .description(
      'copy a case into a new folder: evidence (hard links when possible), derived files and every table, onto SQLite or (--database) PostgreSQL; the audit trail is kept and a `case copy` event appended',
    )
    .option(
      '--database <url>',
      "keep the copy's tables on PostgreSQL (postgres://HOST[:PORT]/DB; password from $PGPASSWORD or ~/.pgpass)",
    )
    .action((src: string, dst: string, o: { database?: string }, c: Command) =>
      runCommand(async () => {
        const g = c.optsWithGlobals<GlobalOptions>();
        const r = await copyCase({ from: src, to: dst, ...(o.database ? { database: o.database } : {}) });
        present(g, r, () => {
          const rows = Object.values(r.rows).reduce((a, b) => a + b, 0);
          return [
            `case copied: ${r.from} -> ${r.to} (${r.database})`,
            `rows: ${rows} in ${Object.keys(r.rows).length} tables; evidence files: ${r.evidence.linked} linked, ${r.evidence.copied} copied`,
            `audit event ${r.auditSeq} (case copy) appended; run '${VIGIE} verify --case ${r.to}'`,
          ].join('\n');
        });
      }),
    );
}
