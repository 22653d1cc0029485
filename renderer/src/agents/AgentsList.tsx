import { useEffect, useMemo, useRef } from 'react';
import { Badge, Button, CountBadge, EmptyState, ListScreen, SearchInput, Select, Switch, RelativeTime, VirtualTable, plural, AgentIcon, NewIcon, type Column } from '../ui/index.ts';
import { MODELS, modelName, useAgents, type Agent } from '../data/index.ts';
import { href, navigate, useQueryParam } from '../app/routes.ts';
import { useShortcut } from '../app/shortcuts.ts';
import { SystemBanners } from '../app/SystemBanners.tsx';
import { SampleOffer } from './SampleOffer.tsx';

const ANY = '*';

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
  const { items, status, error, complete, query, load, setQuery } = useAgents();
  const [search, setSearch] = useQueryParam('q');
  const [model, setModel] = useQueryParam('model');
  const [archived, setArchived] = useQueryParam('archived');
  const searchRef = useRef<HTMLInputElement>(null);
  useShortcut('search', () => searchRef.current?.focus());
  useShortcut('new', () => navigate(href.newAgent()));

  const includeArchived = archived === '1';
  useEffect(() => {
    if (query.includeArchived !== includeArchived) setQuery({ includeArchived });
  }, [includeArchived, query.includeArchived, setQuery]);

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return items.filter((a) => (!model || a.model.id === model) && (!q || a.name.toLowerCase().includes(q) || a.id.toLowerCase().includes(q) || (a.description ?? '').toLowerCase().includes(q)));
  }, [items, search, model]);

  // The models in use first, then the rest of the known ones.
  const modelOptions = useMemo(() => {
    const used = [...new Set(items.map((a) => a.model.id))];
    const ids = [...used, ...MODELS.map((m) => m.id).filter((id) => !used.includes(id))];
    return [{ value: ANY, label: 'All models' }, ...ids.map((id) => ({ value: id, label: modelName(id) }))];
  }, [items]);

  const filtered = Boolean(search || model);
  return (
    <ListScreen
      banner={<SystemBanners topics={['model']} />}
      title="Agents"
      count={status === 'ready' && <CountBadge total={items.length} shown={shown.length} filtered={filtered} complete={complete} noun="agent" />}
      actions={
        <Button variant="primary" icon={NewIcon} onClick={() => navigate(href.newAgent())} title="New agent (N)">
          New agent
        </Button>
      }
      toolbar={
        <>
          <SearchInput ref={searchRef} label="Search agents" placeholder="Search by name, id or description" shortcut="/" value={search} onChange={(e) => setSearch(e.target.value)} />
          <Select label="Model" size="sm" value={model || ANY} onChange={(v) => setModel(v === ANY ? '' : v)} options={modelOptions} />
          <Switch label="Show archived" checked={includeArchived} onChange={(on) => setArchived(on ? '1' : '')} />
        </>
      }
      status={status}
      error={error}
      onRetry={() => void load()}
      filtered={filtered || includeArchived}
      total={items.length}
      shown={shown.length}
      onClearFilters={() => (setSearch(''), setModel(''))}
      empty={
        includeArchived ? (
          <EmptyState icon={AgentIcon} title="No agents, archived or not" />
        ) : (
          <SampleOffer />
        )
      }
    >
      <VirtualTable
        label="Agents"
        items={shown}
        rowKey={(a) => a.id}
        href={(a) => href.agent(a.id)}
        primaryHeader="Name"
        primary={(a) => (
          <span className="cell-stack">
            <span className="truncate">
              {a.name} {a.archived_at && <Badge>archived</Badge>}
            </span>
            <span className="cell-sub">{a.description || a.id}</span>
          </span>
        )}
        columns={COLUMNS}
        rowHeight={48}
      />
    </ListScreen>
  );
}
