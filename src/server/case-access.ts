import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openCase, type CaseContext } from '../app/context.js';
import type { Person } from './context.js';

/** A read-only case kept open between requests, with the identity of its files when opened. */
interface OpenRead {
  readonly ctx: Promise<CaseContext>;
  readonly stamp: string;
}

const reads = new Map<string, OpenRead>();

/** What identifies a case's files: replaced (case copy, re-init) means reopen. */
function stampOf(caseDir: string): string {
  const one = (f: string): string => {
    try {
      const s = statSync(join(caseDir, f));
      return `${s.ino}:${s.mtimeMs}`;
    } catch {
      return '-';
    }
  };
  return `${one('case.json')}|${statSync(join(caseDir, 'case.sqlite'), { throwIfNoEntry: false })?.ino ?? '-'}`;
}

/**
 * Run `fn` on a case opened read-only. The read-only context is kept open between requests (a reader holds no lock
 * and sees every commit at its next transaction) and reopened when the case's files are replaced.
 */
export async function readCase<T>(caseDir: string, fn: (ctx: CaseContext) => Promise<T>): Promise<T> {
  const stamp = stampOf(caseDir);
  let open = reads.get(caseDir);
  if (open && open.stamp !== stamp) {
    reads.delete(caseDir);
    await (await open.ctx.catch(() => null))?.close();
    open = undefined;
  }
  if (!open) {
    open = { ctx: openCase(caseDir, { readonly: true }), stamp };
    reads.set(caseDir, open);
    open.ctx.catch(() => reads.delete(caseDir));
  }
  return fn(await open.ctx);
}

/** Close every read-only case kept open (the server's onClose). */
export async function closeReadCases(): Promise<void> {
  const all = [...reads.values()];
  reads.clear();
  for (const o of all) await (await o.ctx.catch(() => null))?.close();
}

/**
 * Open a case writable for one call with the signed-in person as the acting user (audit events and the lock file
 * name them), close it after: no writable case stays open between requests, so the CLI can still write.
 */
export async function writeCase<T>(
  caseDir: string,
  person: Person,
  fn: (ctx: CaseContext) => Promise<T>,
): Promise<T> {
  const ctx = await openCase(caseDir, { user: person.name, command: 'vigie serve' });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}
