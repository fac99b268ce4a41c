import type { RouteContract } from './route.js';
import { SESSION_ROUTES } from './session.js';
import { CASE_ROUTES } from './cases.js';
import { LISTING_ROUTES } from './listings.js';
import { TRIAGE_ROUTES } from './triage.js';
import { JOB_ROUTES } from './jobs.js';
import { SEARCH_ROUTES } from './search.js';
import { NETWORK_ROUTES } from './network.js';
import { COUNTRY_ROUTES } from './countries.js';
import { INVESTIGATION_ROUTES } from './investigation.js';
import { EXPORT_ROUTES } from './exports.js';
import { CHAT_ROUTES } from './chat.js';
import { REFERRAL_ROUTES } from './referrals.js';

export * from './common.js';
export * from './route.js';
export * from './openapi.js';
export * from './session.js';
export * from './cases.js';
export * from './listings.js';
export * from './triage.js';
export * from './jobs.js';
export * from './search.js';
export * from './network.js';
export * from './countries.js';
export * from './investigation.js';
export * from './exports.js';
export * from './chat.js';
export * from './referrals.js';

/** Every API route, in the order of the OpenAPI document. Each area adds one spread line. */
export const ROUTES: readonly RouteContract[] = [
  ...SESSION_ROUTES,
  ...CASE_ROUTES,
  ...LISTING_ROUTES,
  ...TRIAGE_ROUTES,
  ...JOB_ROUTES,
  ...SEARCH_ROUTES,
  ...NETWORK_ROUTES,
  ...COUNTRY_ROUTES,
  ...INVESTIGATION_ROUTES,
  ...EXPORT_ROUTES,
  ...CHAT_ROUTES,
  ...REFERRAL_ROUTES,
];
