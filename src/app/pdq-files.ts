import { existsSync } from 'node:fs';
import { isAppError } from '../domain/errors.js';
import { issue, type ItemIssue } from '../domain/issue.js';
import { pdqOfFile } from '../pipeline/hash/pdq-file.js';
import { DIHEDRAL_SLOTS, type DihedralSlot, type PdqConvention } from '../signals/pdq/index.js';

export { isPdqConvention, type PdqConvention } from '../signals/pdq/index.js';

/** Options of `vigie pdq`. */
export interface PdqFilesInput {
  readonly files: readonly string[];
  readonly convention?: PdqConvention;
  readonly dihedral?: boolean;
}

/** The PDQ of one file, as `vigie pdq` prints it. */
export interface PdqFileLine {
  readonly path: string;
  readonly hash: string;
  readonly quality: number;
  readonly convention: PdqConvention;
  readonly dihedral?: Record<DihedralSlot, string>;
}

/** Hash image files with PDQ, in the order given (no case needed); unreadable files become issues. */
export async function pdqFiles(
  _deps: Record<string, never>,
  input: PdqFilesInput,
): Promise<{ lines: PdqFileLine[]; issues: ItemIssue[] }> {
  const convention = input.convention ?? 'full';
  const lines: PdqFileLine[] = [];
  const issues: ItemIssue[] = [];
  for (const path of input.files) {
    if (!existsSync(path)) {
      issues.push(issue('FILE_NOT_FOUND', path, 'file', `${path}: no such file`));
      continue;
    }
    try {
      const r = await pdqOfFile(path, { convention, dihedral: input.dihedral ?? false });
      lines.push({
        path,
        hash: r.hash,
        quality: r.quality,
        convention,
        ...(r.dihedral ? { dihedral: r.dihedral } : {}),
      });
    } catch (e) {
      if (!isAppError(e)) throw e;
      issues.push(issue(e.code, path, 'file', e.message));
    }
  }
  return { lines, issues };
}

/** One output line like Meta's pdq-photo-hasher: `hex,quality,path`, or the 8 dihedral hashes first with --dihedral. */
export function formatPdqLine(l: PdqFileLine): string {
  const hashes = l.dihedral ? DIHEDRAL_SLOTS.map((s) => l.dihedral![s]).join(',') : l.hash;
  return `${hashes},${l.quality},${l.path}`;
}
