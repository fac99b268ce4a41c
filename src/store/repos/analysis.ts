import type { StoreQ } from '../port.js';

/** Analysis results (repository; filled while the store moves to the port). */
export function analysisRepo(q: StoreQ) {
  void q;
  return {};
}
