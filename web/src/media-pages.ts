/** The media listing, page after page (cursor-paginated), with client-side filters the listing lacks. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, casePath, query } from './api.js';
import type { MediaItem, Page } from './types.js';

/** The filters of the media grid. */
export interface MediaFilters {
  status: '' | 'new' | 'known' | 'ignored';
  category: string;
  chat: string;
  actor: string;
  from: string;
  to: string;
}

/** No filter. */
export const NO_FILTERS: MediaFilters = { status: '', category: '', chat: '', actor: '', from: '', to: '' };

/** Whether a media item passes the filters the server does not apply (category, chat, actor, dates). */
export function passes(m: MediaItem, f: MediaFilters, category: string | null): boolean {
  if (f.category && (category ?? '') !== f.category) return false;
  if (f.chat && m.firstMessage?.chat !== f.chat) return false;
  if (f.actor && m.originator !== f.actor) return false;
  const day = m.firstSeen?.slice(0, 10) ?? '';
  if (f.from && (!day || day < f.from)) return false;
  if (f.to && (!day || day > f.to)) return false;
  return true;
}

/** The loaded pages of `media?status=…`: items, whether more exist, loadMore(). */
export function useMediaPages(caseName: string, status: string, limit = 200) {
  const [items, setItems] = useState<MediaItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(false);
  const gen = useRef(0);
  const fetchPage = useCallback(
    (from: string | null, g: number) => {
      setLoading(true);
      api<Page<MediaItem>>(
        casePath(caseName, `/media${query({ status: status || undefined, limit, cursor: from })}`),
      ).then(
        (p) => {
          if (g !== gen.current) return;
          setItems((xs) => (from === null ? p.items : [...xs, ...p.items]));
          setCursor(p.nextCursor);
          setDone(p.nextCursor === null);
          setLoading(false);
        },
        (e: unknown) => {
          if (g !== gen.current) return;
          setError(e instanceof Error ? e : new Error(String(e)));
          setLoading(false);
        },
      );
    },
    [caseName, status, limit],
  );
  useEffect(() => {
    gen.current += 1;
    setItems([]);
    setDone(false);
    setError(null);
    fetchPage(null, gen.current);
  }, [fetchPage]);
  const loadMore = useCallback(() => {
    if (!loading && !done && cursor !== null) fetchPage(cursor, gen.current);
  }, [loading, done, cursor, fetchPage]);
  return { items, done, error, loading, loadMore };
}

/** Every page of a listing (up to `max` items): for the new-content view's clusters. */
export async function fetchAll<T>(path: string, max = 5000, limit = 500): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const p: Page<T> = await api<Page<T>>(`${path}${sep}${query({ limit, cursor }).slice(1)}`);
    out.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor !== null && out.length < max);
  return out;
}
