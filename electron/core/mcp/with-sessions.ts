import type { Services } from '../api/contract.ts';
import type { Store } from '../store/index.ts';
import type { McpHub } from './hub.ts';

/**
 * MCP connections follow sessions: a new session's servers start listing their tools (in the background, so
 * they are likely known by its first model request), and an archived or deleted session's connections close.
 */
export function withMcp(services: Services, hub: McpHub, store: Store): Services {
  const { 'sessions.create': create, 'sessions.archive': archive, 'sessions.delete': remove } = services;
  return {
    ...services,
    'sessions.create': async (input) => {
      const session = await create(input);
      const agent = store.sessionAgent(session.id);
      if (agent?.mcp_servers.length) hub.listed(session.id, agent);
      return session;
    },
    'sessions.archive': async (input) => {
      const archived = await archive(input);
      void hub.forget(input.session_id);
      return archived;
    },
    'sessions.delete': async (input) => {
      const deleted = await remove(input);
      void hub.forget(input.session_id);
      return deleted;
    },
  };
}
