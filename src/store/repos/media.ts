import type { StoreQ } from '../port.js';

/** Media and their signals (repository; filled while the store moves to the port). */
export function mediaRepo(q: StoreQ) {
  void q;
  return {};
}
