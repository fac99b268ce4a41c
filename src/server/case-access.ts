import { openCase, type CaseContext } from '../app/context.js';
import type { Person } from './context.js';

/** Open a case read-only for one call, close it after (whatever happens). */
export async function readCase<T>(caseDir: string, fn: (ctx: CaseContext) => Promise<T>): Promise<T> {
  const ctx = await openCase(caseDir, { readonly: true });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
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
