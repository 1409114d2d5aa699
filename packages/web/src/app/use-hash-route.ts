import { useEffect, useState } from 'react';

export type Route =
  | { page: 'home' }
  | { page: 'devices' }
  | { page: 'teams' }
  | { page: 'admin' }
  | { page: 'recover' }
  | { page: 'cases' }
  | { page: 'new-case' }
  | { page: 'case'; caseId: string }
  | { page: 'mentions' }
  | { page: 'inbox' }
  | { page: 'alarms' }
  | { page: 'dashboard' }
  | { page: 'referrers' }
  | { page: 'partners' }
  | { page: 'shelters' }
  | { page: 'reports' }
  | { page: 'vocabularies' }
  | { page: 'invite'; token: string };

/** The page from the URL's fragment (`#/devices`, `#/invite/<token>`); the fragment never reaches the server. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  if (path.startsWith('invite')) return { page: 'invite', token: path.slice('invite/'.length) };
  if (path === 'cases') return { page: 'cases' };
  if (path === 'cases/new') return { page: 'new-case' };
  const caseMatch = /^cases\/([A-Za-z0-9_-]{22,43})$/.exec(path);
  if (caseMatch?.[1]) return { page: 'case', caseId: caseMatch[1] };
  if (
    path === 'devices' ||
    path === 'teams' ||
    path === 'admin' ||
    path === 'recover' ||
    path === 'mentions' ||
    path === 'inbox' ||
    path === 'alarms' ||
    path === 'dashboard' ||
    path === 'referrers' ||
    path === 'partners' ||
    path === 'shelters' ||
    path === 'reports' ||
    path === 'vocabularies'
  ) {
    return { page: path };
  }
  return { page: 'home' };
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** One string per page shown, so per-page state (such as a failed load) resets on navigation. */
export function routeKey(route: Route): string {
  return route.page === 'case' ? `case/${route.caseId}` : route.page;
}
