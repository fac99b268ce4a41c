import type { StoreQ } from '../port.js';

/** Attribution, triage scores and target decisions (repository; filled while the store moves to the port). */
export function triageRepo(q: StoreQ) {
  void q;
  return {};
}
