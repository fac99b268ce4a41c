import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openCase, type CaseContext } from '../app/context.js';
import type { Person } from './context.js';
import { AppError } from '../domain/errors.js';

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

/** The writer of each case in this server process: the tail of its queue, and whether a job holds it. */
const writers = new Map<string, { tail: Promise<unknown>; job: boolean }>();

/**
 * Open a case writable for one call with the signed-in person as the acting user (audit events and the lock file
 * name them), close it after: no writable case stays open between requests, so the CLI can still write. Writes of
 * one case in this server take turns (SQLite's busy wait would otherwise block the whole server's event loop);
 * while a job (`job: true`, minutes long) writes the case, another write fails at once with CASE_BUSY.
 */
export async function writeCase<T>(
  caseDir: string,
  person: Person,
  fn: (ctx: CaseContext) => Promise<T>,
  opts: { job?: boolean } = {},
): Promise<T> {
  const current = writers.get(caseDir);
  if (current?.job)
    throw new AppError(
      'CASE_BUSY',
      `${caseDir}: a job of this server is writing the case; try again when it ends`,
    );
  const run = async (): Promise<T> => {
    const ctx = await openCase(caseDir, { user: person.name, command: 'vigie serve' });
    try {
      return await fn(ctx);
    } finally {
      await ctx.close();
    }
  };
  const mine = (current?.tail ?? Promise.resolve()).catch(() => undefined).then(run);
  const entry = { tail: mine, job: opts.job ?? false };
  writers.set(caseDir, entry);
  try {
    return await mine;
  } finally {
    if (writers.get(caseDir) === entry) writers.delete(caseDir);
  }
}
