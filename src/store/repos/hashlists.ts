import type { StoreQ } from '../port.js';

/** Hash lists, versions, entries and matches (repository; filled while the store moves to the port). */
export function hashListRepo(q: StoreQ) {
  void q;
  return {};
}
