import type { BetaManagedAgentsAgent } from '@anthropic-ai/sdk/resources/beta/agents/agents';
import type { BetaManagedAgentsSession } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { Services } from '../api/contract.ts';
import { invalid, notFound } from '../api/errors.ts';
import { newId, now } from '../store/ids.ts';
import type { Store } from '../store/index.ts';
import type { NewEvent } from '../store/events.ts';
import { isReadOnly, type SessionBody, type SessionRow } from '../store/sessions.ts';
import type { SessionSecrets } from '../vault/session-secrets.ts';
import { priced } from '../prices.ts';
import { resolveModel, resolveServers, resolveSkills, resolveTools } from './agent-config.ts';
import { recorded } from './user-events.ts';
import { checkBudgetable, spentCents, updatedBudget } from './budget.ts';
import { createdFilters, pageSize, patchMetadata } from './metadata.ts';
import { checkResources, resolveResource } from './session-resources.ts';
import { checkSkills } from './skills.ts';

type Session = BetaManagedAgentsSession;
type SessionServices = Pick<
  Services,
  'sessions.create' | 'sessions.retrieve' | 'sessions.update' | 'sessions.list' | 'sessions.archive' | 'sessions.delete' | 'vaults.sessions.list'
>;

/**
 * Where a session came from, as metadata every client sees (computed, so it cannot be edited away):
 * `dockhand.forked_from_session` + `dockhand.forked_from_event`, or `dockhand.imported_from_session` +
 * `dockhand.read_only`.
 */
function originMetadata({ origin }: SessionBody): Record<string, string> {
  if (origin?.type === 'fork') return { 'dockhand.forked_from_session': origin.session_id, 'dockhand.forked_from_event': origin.event_id };
  if (origin?.type === 'import') return { 'dockhand.imported_from_session': origin.session_id, 'dockhand.read_only': 'true' };
  return {};
}

/** A session may name only vaults that exist and are not archived. */
function checkVaults(store: Store, ids: readonly string[]): void {
  for (const id of ids) {
    const v = store.vaults.get(id);
    if (!v) throw notFound('vault', id);
    if (v.archived_at) throw invalid(`vault ${id} is archived: sessions cannot use it`);
  }
}

/** Reads and checks sessions; shared by the session and event services. */
export function sessionReader(store: Store) {
  const row = (id: string): SessionRow => {
    const s = store.sessions.get(id);
    if (!s) throw notFound('session', id);
    return s;
  };
  const writable = (id: string): SessionRow => {
    const s = row(id);
    if (s.archived_at) throw invalid(`session ${id} is archived and read-only`);
    return s;
  };
  /** A session whose log may grow: not archived, not an imported (read-only) log. */
  const appendable = (id: string): SessionRow => {
    const s = writable(id);
    if (isReadOnly(s.body)) throw invalid(`session ${id} is an imported log and read-only: fork it to continue from one of its events`);
    return s;
  };
  /** `versions` shares agent versions across the rows of one list. */
  const toResource = (s: SessionRow, versions?: Map<string, BetaManagedAgentsAgent | undefined>): Session => {
    const agent = store.agentOfSession(s, versions)!;
    return {
      id: s.id,
      type: 'session',
      agent,
      environment_id: s.environment_id,
      title: s.body.title,
      metadata: { ...s.body.metadata, ...originMetadata(s.body) },
      resources: s.body.resources,
      vault_ids: s.body.vault_ids,
      status: s.status,
      usage: priced(s.usage, agent.model.id),
      stats: { duration_seconds: Math.max(0, (Date.now() - Date.parse(s.created_at)) / 1000) },
      budget: s.body.budget ?? null,
      outcome_evaluations: [],
      created_at: s.created_at,
      updated_at: s.updated_at,
      archived_at: s.archived_at,
    };
  };
  return { row, writable, appendable, toResource };
}

export function sessionServices(store: Store, secrets: SessionSecrets): SessionServices {
  const { row, writable, appendable, toResource } = sessionReader(store);

  return {
    async 'sessions.create'(p) {
      const ref = typeof p.agent === 'string' ? { id: p.agent, version: undefined } : p.agent;
      const latest = store.agents.get(ref.id);
      if (!latest) throw notFound('agent', ref.id);
      if (latest.archived_at) throw invalid(`agent ${ref.id} is archived: new sessions cannot use it`);
      const version = ref.version ?? latest.version;
      if (!store.agents.get(ref.id, version)) throw notFound(`version ${version} of agent`, ref.id);
      const env = store.environments.get(p.environment_id);
      if (!env) throw notFound('environment', p.environment_id, 'environment_not_found');
      if (env.archived_at) throw invalid(`environment ${p.environment_id} is archived`, 'environment_archived');

      const pinned = store.agents.get(ref.id, version)!;
      const agent_overrides: SessionBody['agent_overrides'] = {};
      if (typeof p.agent !== 'string' && p.agent.type === 'agent_with_overrides') {
        const o = p.agent;
        if (o.model !== undefined) agent_overrides.model = resolveModel(o.model);
        if (o.system !== undefined) agent_overrides.system = o.system;
        if (o.skills !== undefined) {
          agent_overrides.skills = resolveSkills(o.skills);
          checkSkills(store, agent_overrides.skills);
        }
        if (o.tools !== undefined || o.mcp_servers !== undefined) {
          const tools = o.tools ?? pinned.tools;
          const servers = resolveServers(o.mcp_servers ?? pinned.mcp_servers, tools);
          agent_overrides.tools = resolveTools(tools, servers);
          agent_overrides.mcp_servers = servers;
        }
      }

      if (p.budget) checkBudgetable((agent_overrides.model ?? pinned.model).id);

      const at = now();
      const id = newId('sesn');
      const resources = (p.resources ?? []).map((r) => ({ params: r, resource: resolveResource(r, at) }));
      checkResources(store, resources.map((r) => r.resource));
      const body: SessionBody = {
        title: p.title ?? null,
        metadata: p.metadata ?? {},
        resources: resources.map((r) => r.resource),
        vault_ids: p.vault_ids ?? [],
        agent_overrides,
        ...(p.budget && { budget: p.budget }),
      };
      checkVaults(store, body.vault_ids);
      // Tokens go to the keychain before the session exists: with no keychain, the refusal leaves nothing behind.
      const tokens = resources.flatMap(({ params, resource }) => (params.type === 'github_repository' && params.authorization_token ? [{ id: resource.id, token: params.authorization_token }] : []));
      for (const t of tokens) await secrets.set(id, t.id, t.token);
      body.token_resources = tokens.map((t) => t.id);
      try {
        store.db.transaction(() => {
          store.sessions.insert({ id, agent_id: ref.id, agent_version: version, environment_id: env.id, body, created_at: at, updated_at: at, archived_at: null });
          if (p.initial_events?.length) store.events.append(id, recorded(p.initial_events));
        })();
      } catch (err) {
        await secrets.forget(id, body.token_resources);
        throw err;
      }
      return toResource(row(id));
    },

    async 'vaults.sessions.list'({ vault_id, limit }) {
      if (!store.vaults.get(vault_id)) throw notFound('vault', vault_id);
      return { data: store.vaults.sessionIds(vault_id, pageSize(limit)).map((id) => toResource(row(id))), next_page: null };
    },

    async 'sessions.retrieve'({ session_id }) {
      return toResource(row(session_id));
    },

    async 'sessions.update'({ session_id, title, metadata, agent, budget }) {
      const s = agent ? appendable(session_id) : writable(session_id);
      const model = store.agentOfSession(s)!.model.id;
      if (budget !== undefined && s.status === 'terminated') throw invalid(`session ${session_id} is terminated: its budget cannot change`);
      const overrides = { ...s.body.agent_overrides };
      if (agent?.mcp_servers || agent?.tools) {
        const pinned = store.agents.get(s.agent_id, s.agent_version)!;
        const tools = agent.tools ?? (overrides.tools ?? pinned.tools);
        const servers = resolveServers(agent.mcp_servers ?? (overrides.mcp_servers ?? pinned.mcp_servers), tools);
        overrides.tools = resolveTools(tools, servers);
        overrides.mcp_servers = servers;
      }
      const body: SessionBody = {
        ...s.body,
        title: title === undefined ? s.body.title : title,
        metadata: patchMetadata(s.body.metadata, metadata),
        agent_overrides: overrides,
        ...updatedBudget(s.body, budget, spentCents(s.usage, model), model),
      };
      // The log says what changed (session.updated), in the official shape: each part only when it changed.
      const changed: Partial<Extract<NewEvent, { type: 'session.updated' }>> = {};
      if (body.title !== s.body.title) changed.title = body.title;
      if (JSON.stringify(body.metadata) !== JSON.stringify(s.body.metadata) && Object.keys(body.metadata).length) changed.metadata = body.metadata;
      if (JSON.stringify(body.budget ?? null) !== JSON.stringify(s.body.budget ?? null)) changed.budget = body.budget ?? null;
      store.db.transaction(() => {
        store.sessions.updateBody(session_id, body, now());
        if (agent?.mcp_servers || agent?.tools) changed.agent = store.sessionAgent(session_id);
        if (Object.keys(changed).length && !isReadOnly(s.body)) store.events.append(session_id, [{ type: 'session.updated', ...changed }]);
      })();
      return toResource(row(session_id));
    },

    async 'sessions.list'(q) {
      const res = store.sessions.list(
        {
          agentId: q.agent_id,
          agentVersion: q.agent_version,
          includeArchived: q.include_archived ?? false,
          statuses: q.statuses,
          created: createdFilters(q),
        },
        q.order ?? 'desc',
        pageSize(q.limit),
        q.page,
      );
      const versions = new Map<string, BetaManagedAgentsAgent | undefined>();
      return { data: res.rows.map((r) => toResource(r, versions)), next_page: res.next_page, prev_page: res.prev_page };
    },

    async 'sessions.archive'({ session_id }) {
      row(session_id);
      store.sessions.archive(session_id, now());
      return toResource(row(session_id));
    },

    async 'sessions.delete'({ session_id }) {
      const s = row(session_id);
      store.sessions.delete(session_id);
      await secrets.forget(session_id, s.body.token_resources ?? []);
      store.events.announceDeleted(session_id);
      return { id: session_id, type: 'session_deleted' };
    },
  };
}
