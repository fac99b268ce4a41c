import type { StoreQ } from '../port.js';

/** Sources and what import, returns and link write (repository; filled while the store moves to the port). */
export function sourceRepo(q: StoreQ) {
  void q;
  return {};
}
