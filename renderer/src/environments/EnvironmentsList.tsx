import { useEffect, useMemo, useRef } from 'react';
import { Badge, Button, CountBadge, EmptyState, EnvironmentIcon, ListScreen, NewIcon, SearchInput, Select, Switch, RelativeTime, VirtualTable, type Column } from '../ui/index.ts';
import { useEnvironments, type Environment } from '../data/index.ts';
import { href, navigate, useQueryParam } from '../app/routes.ts';
import { useShortcut } from '../app/shortcuts.ts';
import { SystemBanners } from '../app/SystemBanners.tsx';

type Networking = 'unrestricted' | 'limited' | 'self_hosted';
const networkingOf = (e: Environment): Networking => (e.config.type === 'cloud' ? e.config.networking.type : 'self_hosted');

const MANAGERS = ['apt', 'pip', 'npm', 'cargo', 'gem', 'go'] as const;

/** "apt 2 · pip 3", or "none". */
export function packageSummary(e: Environment): string {
  if (e.config.type !== 'cloud') return '—';
  const p = e.config.packages;
  const parts = MANAGERS.filter((m) => p[m]?.length).map((m) => `${m} ${p[m]!.length}`);
  return parts.length ? parts.join(' · ') : 'none';
}

export function NetworkingBadge({ env }: { env: Environment }) {
  const n = networkingOf(env);
  if (n === 'limited') return <Badge tone="success">Limited</Badge>;
  if (n === 'unrestricted') return <Badge tone="warning">Unrestricted</Badge>;
  return <Badge>Self-hosted</Badge>;
}

const COLUMNS: Column<Environment>[] = [
  { id: 'network', header: 'Networking', width: 112, cell: (e) => <NetworkingBadge env={e} /> },
  { id: 'packages', header: 'Packages', width: 128, grow: 1, cell: (e) => <span className="muted truncate">{packageSummary(e)}</span> },
  { id: 'id', header: 'Id', width: 200, grow: 1, cell: (e) => <code className="muted truncate">{e.id}</code>, drop: 2 },
  { id: 'updated', header: 'Updated', width: 96, cell: (e) => <RelativeTime iso={e.updated_at} />, drop: 1 },
];

const NETWORK_OPTIONS = [
  { value: '*', label: 'Any networking' },
  { value: 'limited', label: 'Limited' },
  { value: 'unrestricted', label: 'Unrestricted' },
];

/** Environments: every sandbox template, live, searchable, filterable by networking and archived. */
export function EnvironmentsList() {
  const { items, status, error, complete, query, load, setQuery } = useEnvironments();
  const [search, setSearch] = useQueryParam('q');
  const [network, setNetwork] = useQueryParam('network');
  const [archived, setArchived] = useQueryParam('archived');
  const searchRef = useRef<HTMLInputElement>(null);
  useShortcut('search', () => searchRef.current?.focus());
  useShortcut('new', () => navigate(href.newEnvironment()));

  const includeArchived = archived === '1';
  useEffect(() => {
    if (query.includeArchived !== includeArchived) setQuery({ includeArchived });
  }, [includeArchived, query.includeArchived, setQuery]);

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return items.filter((e) => (!network || networkingOf(e) === network) && (!q || e.name.toLowerCase().includes(q) || e.id.toLowerCase().includes(q) || (e.description ?? '').toLowerCase().includes(q)));
  }, [items, search, network]);

  return (
    <ListScreen
      banner={<SystemBanners topics={['docker']} />}
      title="Environments"
      count={status === 'ready' && <CountBadge total={items.length} shown={shown.length} filtered={Boolean(search || network)} complete={complete} noun="environment" />}
      actions={
        <Button variant="primary" icon={NewIcon} onClick={() => navigate(href.newEnvironment())} title="New environment (N)">
          New environment
        </Button>
      }
      toolbar={
        <>
          <SearchInput ref={searchRef} label="Search environments" placeholder="Search by name, id or description" shortcut="/" value={search} onChange={(e) => setSearch(e.target.value)} />
          <Select label="Networking" size="sm" value={network || '*'} onChange={(v) => setNetwork(v === '*' ? '' : v)} options={NETWORK_OPTIONS} />
          <Switch label="Show archived" checked={includeArchived} onChange={(on) => setArchived(on ? '1' : '')} />
        </>
      }
      status={status}
      error={error}
      onRetry={() => void load()}
      filtered={Boolean(search || network) || includeArchived}
      total={items.length}
      shown={shown.length}
      onClearFilters={() => (setSearch(''), setNetwork(''))}
      empty={
        <EmptyState
          icon={EnvironmentIcon}
          title="No environments yet"
          actions={
            <Button variant="primary" icon={NewIcon} onClick={() => navigate(href.newEnvironment())}>
              New environment
            </Button>
          }
        >
          An environment is a sandbox template: the packages installed in it and what its network may reach. Sessions run their agent&rsquo;s tools inside
          one.
        </EmptyState>
      }
    >
      <VirtualTable
        label="Environments"
        items={shown}
        rowKey={(e) => e.id}
        href={(e) => href.environment(e.id)}
        primaryHeader="Name"
        primary={(e) => (
          <span className="cell-stack">
            <span className="truncate">
              {e.name} {e.archived_at && <Badge>archived</Badge>}
            </span>
            <span className="cell-sub">{e.description || 'No description'}</span>
          </span>
        )}
        columns={COLUMNS}
        rowHeight={48}
      />
    </ListScreen>
  );
}
