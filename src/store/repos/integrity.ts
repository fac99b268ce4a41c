import type { StoreQ } from '../port.js';

/** Row digests, table dumps and tamper checks (repository; filled while the store moves to the port). */
export function integrityRepo(q: StoreQ) {
  void q;
  return {};
}
