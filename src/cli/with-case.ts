import { openCase, resolveCaseDir, type CaseContext } from '../app/context.js';
import type { GlobalOptions } from './output.js';

/** Open the case a command names (--case, $VIGIE_CASE, ./vigie-case), run `fn` on it, close it whatever happens. */
export async function withCase<T>(
  g: GlobalOptions,
  opts: { readonly?: boolean },
  fn: (ctx: CaseContext) => Promise<T>,
): Promise<T> {
  const ctx = await openCase(resolveCaseDir(g.case), opts);
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}
