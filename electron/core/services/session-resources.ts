// A session's resources (`client.beta.sessions.resources`): files and repositories mounted in its
// sandbox. A repository's token is a secret: kept in the OS keychain (the vault's sessionSecrets), never returned, and
// replaced by `update` (token rotation). A change reaches the sandbox at its next tool call (see
// SandboxProvider.remount).
import type { BetaManagedAgentsSession } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { Services } from '../api/contract.ts';
import { invalid, notFound } from '../api/errors.ts';
import { isLoopback } from '../api/loopback.ts';
import type { ResourceParams } from '../api/schemas/sessions.ts';
import { newId, now } from '../store/ids.ts';
import type { Store } from '../store/index.ts';
import type { SessionSecrets } from '../vault/session-secrets.ts';
import { pageSize } from './metadata.ts';
import { sessionReader } from './sessions.ts';

type Resource = BetaManagedAgentsSession['resources'][number];
type ResourceServices = Pick<Services, 'sessions.resources.add' | 'sessions.resources.list' | 'sessions.resources.retrieve' | 'sessions.resources.update' | 'sessions.resources.delete'>;

const idOf = (r: Resource) => ('id' in r ? r.id : undefined);

/** The most resources one session holds. */
export const MAX_RESOURCES = 64;

/** The repository's name from its URL: where it is mounted unless the user says otherwise. */
const repoName = (url: string) => new URL(url).pathname.split('/').filter(Boolean).pop()?.replace(/\.git$/, '') || 'repository';

/** A resource as the API returns it (defaults filled in, no token), from its params. */
export function resolveResource(r: ResourceParams, at: string): Extract<Resource, { type: 'file' | 'github_repository' }> {
  const id = newId('sesrsc');
  if (r.type === 'file') return { id, type: 'file', file_id: r.file_id, mount_path: r.mount_path ?? `/mnt/session/uploads/${r.file_id}`, created_at: at, updated_at: at };
  return { id, type: 'github_repository', url: r.url, checkout: r.checkout ?? null, mount_path: r.mount_path ?? `/workspace/${repoName(r.url)}`, created_at: at, updated_at: at };
}

/** Refuses resources that name a file this store does not hold, or share a mount path. */
export function checkResources(store: Store, resources: readonly Resource[]): void {
  if (resources.length > MAX_RESOURCES) throw invalid(`a session holds at most ${MAX_RESOURCES} resources`);
  const paths = new Set<string>();
  for (const r of resources) {
    if (r.type === 'file' && !store.files.get(r.file_id)) throw notFound('file', r.file_id);
    const path = 'mount_path' in r ? r.mount_path : undefined;
    if (!path) continue;
    if (paths.has(path)) throw invalid(`two resources are mounted at ${path}`);
    paths.add(path);
  }
}

// A resource list is short (at most MAX_RESOURCES): its page token is the offset.
const encode = (offset: number) => `page_${Buffer.from(JSON.stringify({ o: offset })).toString('base64url')}`;
function decode(token: string): number {
  try {
    const o = (JSON.parse(Buffer.from(token.replace(/^page_/, ''), 'base64url').toString('utf8')) as { o: unknown }).o;
    if (token.startsWith('page_') && Number.isSafeInteger(o) && (o as number) >= 0) return o as number;
  } catch {
    // fall through
  }
  throw invalid('page: not a page token returned by this API');
}

export function sessionResourceServices(store: Store, secrets: SessionSecrets): ResourceServices {
  const { row, writable } = sessionReader(store);
  const find = (sessionId: string, resourceId: string) => {
    const r = row(sessionId).body.resources.find((x) => idOf(x) === resourceId);
    if (!r) throw notFound('resource', resourceId);
    return r;
  };
  // token_resources names the resources whose token is in the keychain (what the credential proxy and the
  // redaction read): a removed resource leaves it, one given a token (`withToken`) joins it.
  const save = (sessionId: string, resources: Resource[], withToken?: string) => {
    const s = row(sessionId);
    const kept = new Set(resources.map(idOf));
    const tokens = (s.body.token_resources ?? []).filter((id) => kept.has(id) && id !== withToken);
    store.sessions.updateBody(sessionId, { ...s.body, resources, token_resources: withToken ? [...tokens, withToken] : tokens }, now());
  };

  return {
    async 'sessions.resources.add'({ session_id, resource: params }) {
      const s = writable(session_id);
      const resource = resolveResource(params, now());
      const resources = [...s.body.resources, resource];
      checkResources(store, resources);
      const token = params.type === 'github_repository' ? params.authorization_token : undefined;
      if (token) await secrets.set(session_id, resource.id, token);
      save(session_id, resources, token ? resource.id : undefined);
      return resource;
    },

    async 'sessions.resources.list'({ session_id, limit, page }) {
      const all = row(session_id).body.resources;
      const from = page ? decode(page) : 0;
      const to = from + pageSize(limit);
      return { data: all.slice(from, to), next_page: to < all.length ? encode(to) : null };
    },

    async 'sessions.resources.retrieve'({ session_id, resource_id }) {
      return find(session_id, resource_id);
    },

    async 'sessions.resources.update'({ session_id, resource_id, authorization_token }) {
      writable(session_id);
      const r = find(session_id, resource_id);
      if (r.type !== 'github_repository') throw invalid(`resource ${resource_id} is a ${r.type}: only github_repository resources take an authorization_token`);
      const url = URL.parse(r.url);
      if (url?.protocol !== 'https:' && !isLoopback(url?.hostname ?? '')) throw invalid('an authorization_token is sent over https only (or plain http to this machine)');
      await secrets.set(session_id, resource_id, authorization_token);
      const updated = { ...r, updated_at: now() };
      save(session_id, row(session_id).body.resources.map((x) => (idOf(x) === resource_id ? updated : x)), resource_id);
      return updated;
    },

    async 'sessions.resources.delete'({ session_id, resource_id }) {
      writable(session_id);
      const r = find(session_id, resource_id);
      save(session_id, row(session_id).body.resources.filter((x) => idOf(x) !== resource_id));
      if (r.type === 'github_repository') await secrets.forget(session_id, [resource_id]);
      return { id: resource_id, type: 'session_resource_deleted' };
    },
  };
}
