import type { Repositories } from '../store/repositories.js';

/** Per open store and name, the last value read with the runs it was read after. */
const caches = new WeakMap<object, Map<string, { key: string; value: Promise<unknown> }>>();

/**
 * `read()` once per analysis of an open store (a server keeps its read-only case open): reused until a pipeline run
 * starts or finishes (the analysis, attribution or scores may then have changed); a failed read is not kept.
 */
export async function perAnalysis<T>(
  store: Pick<Repositories, 'runs'>,
  name: string,
  read: () => Promise<T>,
): Promise<T> {
  const runs = await store.runs.list();
  const last = runs.at(-1);
  const key = `${runs.length} ${last?.id ?? ''} ${last?.status ?? ''} ${last?.finished_at ?? ''}`;
  const byName = caches.get(store) ?? caches.set(store, new Map()).get(store)!;
  const hit = byName.get(name);
  if (hit?.key === key) return hit.value as Promise<T>;
  const value = read();
  byName.set(name, { key, value });
  value.catch(() => {
    if (byName.get(name)?.value === value) byName.delete(name);
  });
  return value;
}
