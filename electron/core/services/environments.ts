import type { z } from 'zod';
import type { BetaEnvironment } from '@anthropic-ai/sdk/resources/beta/environments/environments';
import type { Services } from '../api/contract.ts';
import type { EnvironmentConfig } from '../api/schemas/environments.ts';
import { conflict, invalid, notFound } from '../api/errors.ts';
import { newId, now } from '../store/ids.ts';
import type { Store } from '../store/index.ts';
import { pageSize, patchMetadata } from './metadata.ts';

type EnvServices = Pick<
  Services,
  'environments.create' | 'environments.retrieve' | 'environments.update' | 'environments.list' | 'environments.archive' | 'environments.delete'
>;

const PACKAGE_MANAGERS = ['apt', 'cargo', 'gem', 'go', 'npm', 'pip'] as const;

/** Fills in an environment config's defaults: unrestricted networking, no packages. */
export function resolveEnvironmentConfig(c: z.output<typeof EnvironmentConfig> | null | undefined): BetaEnvironment['config'] {
  if (c?.type === 'self_hosted') return { type: 'self_hosted' };
  const n = c?.networking;
  const networking: Extract<BetaEnvironment['config'], { type: 'cloud' }>['networking'] =
    n?.type === 'limited'
      ? { type: 'limited', allowed_hosts: n.allowed_hosts ?? [], allow_package_managers: n.allow_package_managers ?? false, allow_mcp_servers: n.allow_mcp_servers ?? false }
      : { type: 'unrestricted' };
  const packages = Object.fromEntries(PACKAGE_MANAGERS.map((m) => [m, c?.packages?.[m] ?? []])) as Record<(typeof PACKAGE_MANAGERS)[number], string[]>;
  return { type: 'cloud', networking, packages: { type: 'packages', ...packages } };
}

type CloudConfig = Extract<BetaEnvironment['config'], { type: 'cloud' }>;
type ConfigParams = NonNullable<z.output<typeof EnvironmentConfig>>;

/**
 * An update's config over the current one, as the official API applies it: an omitted part (networking,
 * packages, a package manager, a limited network's field) keeps its value; null resets it to the default.
 */
export function mergeEnvironmentConfig(current: BetaEnvironment['config'], patch: ConfigParams): BetaEnvironment['config'] {
  if (current.type !== 'cloud' || patch.type !== 'cloud') return resolveEnvironmentConfig(patch);
  const defaults = resolveEnvironmentConfig({ type: 'cloud' }) as CloudConfig;
  const n = patch.networking;
  const was = current.networking;
  const networking: CloudConfig['networking'] =
    n === undefined
      ? was
      : n === null || n.type === 'unrestricted'
        ? defaults.networking
        : {
            type: 'limited',
            allowed_hosts: n.allowed_hosts === undefined && was.type === 'limited' ? was.allowed_hosts : (n.allowed_hosts ?? []),
            allow_package_managers: n.allow_package_managers === undefined && was.type === 'limited' ? was.allow_package_managers : (n.allow_package_managers ?? false),
            allow_mcp_servers: n.allow_mcp_servers === undefined && was.type === 'limited' ? was.allow_mcp_servers : (n.allow_mcp_servers ?? false),
          };
  const p = patch.packages;
  const packages: CloudConfig['packages'] =
    p === undefined ? current.packages : p === null ? defaults.packages : { ...current.packages, ...Object.fromEntries(PACKAGE_MANAGERS.flatMap((m) => (p[m] === undefined ? [] : [[m, p[m] ?? []]]))) };
  return { type: 'cloud', networking, packages };
}

/** Dockhand runs sessions in its own sandboxes: a self_hosted environment has no worker here to run them. */
const selfHosted = () =>
  invalid(
    'self_hosted environments are not supported: their sessions run on a worker of yours that takes work from the API, and Dockhand has no such worker yet. Use a cloud environment (a sandbox on this machine).',
  );

const nameTaken = (name: string) => conflict(`an environment named "${name}" already exists`);

export function environmentServices(store: Store): EnvServices {
  const load = (id: string): BetaEnvironment => {
    const e = store.environments.get(id);
    if (!e) throw notFound('environment', id, 'environment_not_found');
    return e;
  };

  return {
    async 'environments.create'(p) {
      if (p.config?.type === 'self_hosted') throw selfHosted();
      const at = now();
      const env: BetaEnvironment = {
        id: newId('env'),
        type: 'environment',
        name: p.name,
        description: p.description ?? null,
        config: resolveEnvironmentConfig(p.config),
        metadata: p.metadata ?? {},
        scope: p.scope ?? 'account',
        created_at: at,
        updated_at: at,
        archived_at: null,
      };
      if (!store.environments.insert(env)) throw nameTaken(p.name);
      return env;
    },

    async 'environments.retrieve'({ environment_id }) {
      return load(environment_id);
    },

    async 'environments.update'({ environment_id, name, config, description, metadata, scope }) {
      const current = load(environment_id);
      if (current.archived_at) throw invalid(`environment ${environment_id} is archived and cannot be changed`, 'environment_archived');
      if (config && config.type !== current.config.type)
        throw invalid(`config type cannot change from ${current.config.type} to ${config.type}`, 'invalid_config_type_change');
      const next: BetaEnvironment = {
        ...current,
        name: name ?? current.name,
        // Omitted keeps it, null clears it, "" stays "" (as the SDK documents).
        description: description === undefined ? current.description : description,
        config: config ? mergeEnvironmentConfig(current.config, config) : current.config,
        metadata: patchMetadata(current.metadata, metadata),
        scope: scope ?? current.scope ?? 'account',
        updated_at: now(),
      };
      if (!store.environments.replace(next)) throw nameTaken(next.name);
      return next;
    },

    async 'environments.list'({ include_archived, limit, page }) {
      const res = store.environments.list(include_archived ?? false, pageSize(limit), page);
      return { data: res.rows, next_page: res.next_page };
    },

    async 'environments.archive'({ environment_id }) {
      const current = load(environment_id);
      if (current.archived_at) return current;
      const next = { ...current, archived_at: now() };
      store.environments.replace(next);
      return next;
    },

    async 'environments.delete'({ environment_id }) {
      load(environment_id);
      const n = store.environments.sessionCount(environment_id);
      if (n > 0) throw conflict(`environment ${environment_id} is used by ${n} session(s): delete them first, or archive the environment`);
      store.environments.delete(environment_id);
      return { id: environment_id, type: 'environment_deleted' };
    },
  };
}
