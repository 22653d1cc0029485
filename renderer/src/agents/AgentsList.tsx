import { useMemo } from 'react';
import { Badge, EmptyState, RelativeTime, plural, AgentIcon, type Column } from '../ui/index.ts';
import { MODELS, modelName, useAgents, type Agent } from '../data/index.ts';
import { href, navigate, useQueryParam } from '../app/routes.ts';
import { ResourceList } from '../app/ResourceList.tsx';
import { SystemBanners } from '../app/SystemBanners.tsx';
import { SampleOffer } from './SampleOffer.tsx';

function toolSummary(agent: Agent): string {
  let builtin = 0;
  let custom = 0;
  let mcp = 0;
  for (const t of agent.tools) {
    if (t.type === 'agent_toolset_20260401') builtin++;
    else if (t.type === 'custom') custom++;
    else mcp++;
  }
  const parts = [builtin && 'built-in', custom && plural(custom, 'custom'), mcp && plural(mcp, 'MCP toolset')].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'no tools';
}

const COLUMNS: Column<Agent>[] = [
  { id: 'model', header: 'Model', width: 140, grow: 1, cell: (a) => <Badge tone="accent">{modelName(a.model.id)}</Badge> },
  { id: 'version', header: 'Version', width: 64, cell: (a) => <span className="tabular">v{a.version}</span> },
  { id: 'tools', header: 'Tools', width: 120, grow: 1, cell: (a) => <span className="muted truncate">{toolSummary(a)}</span>, drop: 2 },
  { id: 'updated', header: 'Updated', width: 96, cell: (a) => <RelativeTime iso={a.updated_at} />, drop: 1 },
];

/** Agents: every agent, live, searchable by name, id and description, filterable by model and archived. */
export function AgentsList() {
  const agents = useAgents();
  const [archived] = useQueryParam('archived');
  // The models in use first, then the rest of the known ones.
  const modelOptions = useMemo(() => {
    const used = [...new Set(agents.items.map((a) => a.model.id))];
    return [...used, ...MODELS.map((m) => m.id).filter((id) => !used.includes(id))].map((id) => ({ value: id, label: modelName(id) }));
  }, [agents.items]);

  return (
    <ResourceList
      list={agents}
      banner={<SystemBanners topics={['model']} />}
      title="Agents"
      noun="agent"
      onNew={() => navigate(href.newAgent())}
      searchIn={(a) => [a.name, a.id, a.description]}
      searchPlaceholder="Search by name, id or description"
      filter={{ param: 'model', label: 'Model', anyLabel: 'All models', options: modelOptions, test: (a, model) => a.model.id === model }}
      archivable
      empty={archived === '1' ? <EmptyState icon={AgentIcon} title="No agents, archived or not" /> : <SampleOffer />}
      name={(a) => a.name}
      sub={(a) => a.description || a.id}
      href={(a) => href.agent(a.id)}
      columns={COLUMNS}
    />
  );
}
