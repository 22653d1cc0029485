// Hash routes: every screen and item has an address (`#/agents/agent_...`, `#/sessions/sesn_...`), so
// it can be bookmarked, reloaded, and opened from another window. Filters ride in the query part
// (`#/sessions?status=running`).
import { useSyncExternalStore } from 'react';

export type Section = 'agents' | 'environments' | 'sessions' | 'usage' | 'vaults' | 'skills' | 'settings';

export type Route =
  | { screen: 'agents' }
  | { screen: 'agent-new' }
  | { screen: 'agent'; id: string; rest: string[] }
  | { screen: 'environments' }
  | { screen: 'environment-new' }
  | { screen: 'environment'; id: string; rest: string[] }
  | { screen: 'sessions' }
  | { screen: 'session'; id: string; rest: string[] }
  | { screen: 'usage' }
  | { screen: 'vaults' }
  | { screen: 'vault'; id: string; rest: string[] }
  | { screen: 'skills' }
  | { screen: 'skill'; id: string; rest: string[] }
  | { screen: 'settings' }
  | { screen: 'not-found'; path: string };

export const DEFAULT_HASH = '#/agents';

const ITEM: Record<string, { list: Route['screen']; create: Route['screen']; item: Route['screen']; prefix: string }> = {
  agents: { list: 'agents', create: 'agent-new', item: 'agent', prefix: 'agent_' },
  environments: { list: 'environments', create: 'environment-new', item: 'environment', prefix: 'env_' },
  sessions: { list: 'sessions', create: 'sessions', item: 'session', prefix: 'sesn_' },
  vaults: { list: 'vaults', create: 'vaults', item: 'vault', prefix: 'vlt_' },
  skills: { list: 'skills', create: 'skills', item: 'skill', prefix: 'skill_' },
};

/** Splits `#/path?query` into its route and its query. Pure, for tests and for the router. */
export function parseHash(hash: string): { route: Route; query: URLSearchParams } {
  const raw = hash.replace(/^#/, '');
  const [path = '', search = ''] = raw.split('?', 2);
  const query = new URLSearchParams(search);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (!path.startsWith('/') || parts.length === 0) return { route: { screen: 'agents' }, query };
  const [section, id, ...rest] = parts as [string, ...string[]];
  if (section === 'settings' && !id) return { route: { screen: 'settings' }, query };
  if (section === 'usage' && !id) return { route: { screen: 'usage' }, query };
  const kind = ITEM[section];
  if (!kind) return { route: { screen: 'not-found', path }, query };
  if (!id) return { route: { screen: kind.list } as Route, query };
  if (id === 'new' && kind.create !== kind.list && rest.length === 0) return { route: { screen: kind.create } as Route, query };
  if (id.startsWith(kind.prefix)) return { route: { screen: kind.item, id, rest } as Route, query };
  return { route: { screen: 'not-found', path }, query };
}

/** The section a route belongs to, for the navigation's "current" mark. */
export function sectionOf(route: Route): Section | null {
  switch (route.screen) {
    case 'agents':
    case 'agent':
    case 'agent-new':
      return 'agents';
    case 'environments':
    case 'environment':
    case 'environment-new':
      return 'environments';
    case 'sessions':
    case 'session':
      return 'sessions';
    case 'usage':
      return 'usage';
    case 'vaults':
    case 'vault':
      return 'vaults';
    case 'skills':
    case 'skill':
      return 'skills';
    case 'settings':
      return 'settings';
    default:
      return null;
  }
}

const withQuery = (path: string, query?: Record<string, string | undefined>) => {
  const q = new URLSearchParams(Object.entries(query ?? {}).filter((e): e is [string, string] => Boolean(e[1])));
  return q.size ? `${path}?${q}` : path;
};

const item = (section: string, id: string, rest: string[]) => `#/${section}/${[id, ...rest].map(encodeURIComponent).join('/')}`;

/** Addresses of every screen. */
export const href = {
  agents: (query?: Record<string, string | undefined>) => withQuery('#/agents', query),
  newAgent: () => '#/agents/new',
  agent: (id: string, ...rest: string[]) => item('agents', id, rest),
  environments: (query?: Record<string, string | undefined>) => withQuery('#/environments', query),
  newEnvironment: () => '#/environments/new',
  environment: (id: string, ...rest: string[]) => item('environments', id, rest),
  sessions: (query?: Record<string, string | undefined>) => withQuery('#/sessions', query),
  session: (id: string, ...rest: string[]) => item('sessions', id, rest),
  usage: () => '#/usage',
  vaults: (query?: Record<string, string | undefined>) => withQuery('#/vaults', query),
  vault: (id: string, ...rest: string[]) => item('vaults', id, rest),
  skills: (query?: Record<string, string | undefined>) => withQuery('#/skills', query),
  skill: (id: string, ...rest: string[]) => item('skills', id, rest),
  settings: () => '#/settings',
};

export function navigate(to: string): void {
  if (window.location.hash !== to) window.location.hash = to;
}

/** Rewrites the current address without a new history entry (e.g. as filters change). */
export function replaceHash(to: string): void {
  window.history.replaceState(null, '', window.location.pathname + window.location.search + to);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

const subscribe = (fn: () => void) => {
  window.addEventListener('hashchange', fn);
  return () => window.removeEventListener('hashchange', fn);
};
const snapshot = () => window.location.hash;

/** The current hash, re-rendering on every change. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, snapshot);
}

export function useRoute(): { route: Route; query: URLSearchParams } {
  const hash = useHash();
  // Parsing is cheap; memoising on the string keeps the objects stable for effects.
  return parsed(hash);
}

let last: { hash: string; value: ReturnType<typeof parseHash> } | null = null;
function parsed(hash: string) {
  if (last?.hash !== hash) last = { hash, value: parseHash(hash) };
  return last.value;
}

/**
 * A filter kept in the address's query (`#/agents?q=foo`), so a filtered list can be linked and
 * survives a reload. Setting it rewrites the address without adding a history entry.
 */
export function useQueryParam(name: string): [string, (value: string) => void] {
  const hash = useHash();
  const value = parsed(hash).query.get(name) ?? '';
  const set = (next: string) => {
    const [path = '', search = ''] = window.location.hash.split('?', 2);
    const q = new URLSearchParams(search);
    if (next) q.set(name, next);
    else q.delete(name);
    replaceHash(q.size ? `${path}?${q}` : path || DEFAULT_HASH);
  };
  return [value, set];
}
