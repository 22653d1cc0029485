// An agent's versions, newest first, for the editor's history and its diffs. Reloaded when the agent's
// latest version changes (a save here, the change feed, or a conflict found on save).
import { useEffect, useState } from 'react';
import { listAgentVersions } from './agents.ts';
import { DockhandError } from './errors.ts';
import type { Agent } from './types.ts';

export interface AgentVersions {
  status: 'loading' | 'ready' | 'failed';
  /** Newest first. */
  versions: readonly Agent[];
  error: DockhandError | null;
}

async function allVersions(agentId: string): Promise<Agent[]> {
  const out: Agent[] = [];
  let page: string | null = null;
  do {
    const res = await listAgentVersions(agentId, page);
    out.push(...res.data);
    page = res.next_page;
  } while (page);
  return out;
}

export function useAgentVersions(agentId: string | null, latest: number | undefined): AgentVersions {
  const key = agentId && latest ? `${agentId}@${latest}` : null;
  const [state, setState] = useState<AgentVersions & { key: string | null }>({ key: null, status: 'loading', versions: [], error: null });
  useEffect(() => {
    if (!key || !agentId) return;
    let live = true;
    allVersions(agentId).then(
      (versions) => live && setState({ key, status: 'ready', versions, error: null }),
      (err: unknown) => live && setState((s) => ({ ...s, key, status: 'failed', error: err instanceof DockhandError ? err : new DockhandError('api_error', String(err)) })),
    );
    return () => void (live = false);
  }, [key, agentId]);
  // The previous list stays on screen while a newer one loads.
  if (state.key === key || state.versions.length) return state;
  return { status: 'loading', versions: [], error: null };
}
