/** The media listing, page after page (cursor-paginated), every filter applied by the server; filters ↔ URL query. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, casePath, query } from './api.js';
import type { MediaItem, Page } from './types.js';

/** The filters of the media grid (the API's query names; category `none`: uncategorised; dates YYYY-MM-DD). */
export interface MediaFilters {
  status: '' | 'new' | 'known' | 'ignored' | 'uncertain';
  category: string;
  chat: string;
  actor: string;
  from: string;
  to: string;
}

/** The filter names, in URL order. */
export const FILTER_KEYS = ['status', 'category', 'chat', 'actor', 'from', 'to'] as const;

/** No filter. */
export const NO_FILTERS: MediaFilters = { status: '', category: '', chat: '', actor: '', from: '', to: '' };

/** The filters a URL query holds (a filtered view can be linked). */
export function filtersOf(search: URLSearchParams): MediaFilters {
  const f = { ...NO_FILTERS };
  for (const k of FILTER_KEYS) f[k] = (search.get(k) ?? '') as never;
  if (!['', 'new', 'known', 'ignored', 'uncertain'].includes(f.status)) f.status = '';
  return f;
}

/** The URL query of the filters (`?status=new&chat=…`, empty ones left out). */
export function filterQuery(f: MediaFilters): string {
  return query(Object.fromEntries(FILTER_KEYS.map((k) => [k, f[k]])));
}

/** The loaded pages of `media?<filters>`: items, whether more exist, loadMore(). */
export function useMediaPages(caseName: string, f: MediaFilters, limit = 200) {
  const [items, setItems] = useState<MediaItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(false);
  const gen = useRef(0);
  const filters = filterQuery(f).slice(1);
  const fetchPage = useCallback(
    (from: string | null, g: number) => {
      setLoading(true);
      const page = query({ limit, cursor: from }).slice(1);
      api<Page<MediaItem>>(casePath(caseName, `/media?${filters ? `${filters}&` : ''}${page}`)).then(
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
    [caseName, filters, limit],
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
