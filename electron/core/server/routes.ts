import { contract, type Method } from '../api/contract.ts';

interface CompiledRoute {
  method: Method;
  verb: string;
  parts: string[];
}

/** The contract's routes, compiled once for matching. */
const ROUTES: CompiledRoute[] = (Object.keys(contract) as Method[]).map((method) => {
  const [verb, path] = contract[method].route.split(' ') as [string, string];
  return { method, verb, parts: path.split('/') };
});

export type Match =
  | { kind: 'found'; method: Method; params: Record<string, string> }
  | { kind: 'wrong_verb'; allowed: string[] }
  | { kind: 'none' };

/**
 * Finds the operation for a request; path parameters are returned still URL-encoded. A literal
 * segment wins over a parameter (`POST /v1/sessions/import` is not an update of session "import").
 */
export function matchRoute(verb: string, pathname: string): Match {
  const parts = pathname.split('/');
  const allowed: string[] = [];
  let best: { method: Method; params: Record<string, string>; n: number } | undefined;
  for (const r of ROUTES) {
    if (r.parts.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = r.parts.every((p, i) => (p.startsWith(':') ? ((params[p.slice(1)] = parts[i]!), parts[i] !== '') : p === parts[i]));
    if (!ok) continue;
    const n = Object.keys(params).length;
    if (r.verb === verb) {
      if (!best || n < best.n) best = { method: r.method, params, n };
    } else allowed.push(r.verb);
  }
  if (best) return { kind: 'found', method: best.method, params: best.params };
  return allowed.length ? { kind: 'wrong_verb', allowed } : { kind: 'none' };
}
