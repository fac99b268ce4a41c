import type { CaseContext } from './context.js';

/** The people and commands of the audit trail, sorted (the audit view's filter choices). */
export async function auditFacets(
  deps: Pick<CaseContext, 'store'>,
): Promise<{ users: string[]; commands: string[] }> {
  return deps.store.transaction((tx) => tx.investigation.auditFacets(), { readonly: true });
}
