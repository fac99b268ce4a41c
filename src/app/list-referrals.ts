import type { CaseContext } from './context.js';
import type { ReferralRecord } from '../store/referrals.js';

export type { ReferralRecord } from '../store/referrals.js';

/** Every referral package the case recorded, oldest first (`vigie referrals`). */
export async function listReferrals(deps: Pick<CaseContext, 'store'>): Promise<ReferralRecord[]> {
  return deps.store.transaction((tx) => tx.referrals.list(), { readonly: true });
}
