import { useEffect, useState } from 'react';

export type Route =
  | { page: 'home' }
  | { page: 'devices' }
  | { page: 'teams' }
  | { page: 'admin' }
  | { page: 'recover' }
  | { page: 'invite'; token: string };

/** The page from the URL's fragment (`#/devices`, `#/invite/<token>`); the fragment never reaches the server. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  if (path.startsWith('invite')) return { page: 'invite', token: path.slice('invite/'.length) };
  if (path === 'devices' || path === 'teams' || path === 'admin' || path === 'recover') {
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
