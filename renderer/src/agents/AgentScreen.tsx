// `#/agents/:id[/json|/versions]`: the agent editor on a saved agent. The editor (and its code editor)
// loads on first use, so the lists open without it.
import { lazy } from 'react';
import { LazyScreen } from '../app/LazyScreen.tsx';
import { useAgent } from '../data/index.ts';
import { href, replaceHash, useRoute } from '../app/routes.ts';
import { ResourceGate } from '../app/ResourceGate.tsx';
// Loaded with the app, not with the editor: its listener must be in place before the router's.
import '../app/leave-guard.ts';
import type { AgentTab } from './AgentEditor.tsx';

export const AgentEditor = lazy(() => import('./AgentEditor.tsx').then((m) => ({ default: m.AgentEditor })));

const TABS: readonly AgentTab[] = ['form', 'json', 'versions'];

export function AgentScreen({ id }: { id: string }) {
  const { route } = useRoute();
  const rest = route.screen === 'agent' ? route.rest[0] : undefined;
  const tab = TABS.find((t) => t === rest) ?? 'form';
  return (
    <ResourceGate loaded={useAgent(id)} noun="agent" crumbs={[{ label: 'Agents', href: href.agents() }]}>
      {(agent) => (
        <LazyScreen label="Opening the editor…">
          <AgentEditor agent={agent} tab={tab} onTab={(t) => replaceHash(t === 'form' ? href.agent(id) : href.agent(id, t))} />
        </LazyScreen>
      )}
    </ResourceGate>
  );
}
