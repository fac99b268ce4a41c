/** A tiny history router: the path is the state; links call navigate(). */
import { useEffect, useState } from 'react';

/** Go to a path inside the app (pushState + notify). */
export function navigate(to: string): void {
  if (to === location.pathname + location.search) return;
  history.pushState(null, '', to);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The current path and search, re-rendering on navigation. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const [loc, setLoc] = useState(() => ({ path: location.pathname, search: location.search }));
  useEffect(() => {
    const on = () => setLoc({ path: location.pathname, search: location.search });
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  return { path: loc.path, search: new URLSearchParams(loc.search) };
}

/** A parsed route of the workbench. */
export type Route =
  | { view: 'cases' }
  | { view: 'dashboard' | 'new' | 'media' | 'targets' | 'jobs'; caseName: string; sha?: string }
  | { view: 'search'; caseName: string }
  | { view: 'chat'; caseName: string; chat: string }
  | { view: 'network' | 'countries'; caseName: string }
  | { view: 'actor' | 'cluster'; caseName: string; id: string }
  | { view: 'audit'; caseName: string }
  | { view: 'chats'; caseName: string };

/** Parse a path: `/`, `/cases/{case}`, `/cases/{case}/{view}`, `/cases/{case}/media/{sha256}`. */
export function parseRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'cases' || !parts[1]) return { view: 'cases' };
  const caseName = parts[1];
  switch (parts[2]) {
    case 'new':
      return { view: 'new', caseName };
    case 'media':
      return { view: 'media', caseName, ...(parts[3] ? { sha: parts[3] } : {}) };
    case 'targets':
      return { view: 'targets', caseName };
    case 'jobs':
      return { view: 'jobs', caseName };
    case 'search':
      return { view: 'search', caseName };
    case 'chats':
      return parts[3] ? { view: 'chat', caseName, chat: parts[3] } : { view: 'chats', caseName };
    case 'network':
      return { view: 'network', caseName };
    case 'countries':
      return { view: 'countries', caseName };
    case 'actors':
      return parts[3] ? { view: 'actor', caseName, id: parts[3] } : { view: 'dashboard', caseName };
    case 'clusters':
      return parts[3] ? { view: 'cluster', caseName, id: parts[3] } : { view: 'dashboard', caseName };
    case 'audit':
      return { view: 'audit', caseName };
    default:
      return { view: 'dashboard', caseName };
  }
}
