import { useEffect, useMemo, useRef, useState } from 'react';
import { FileUp, Info } from 'lucide-react';
import { Badge, Button, Combobox, CountBadge, EmptyState, ListScreen, NewIcon, SearchInput, Select, SessionIcon, Switch, Tooltip, RelativeTime, VirtualTable, formatTokens, formatUsd, type Column } from '../ui/index.ts';
import { PRICES_TAKEN_AT, activityState, sessionCost, useActivity, useAgents, useEnvironments, useSessions, usageTotals, type Session, type SessionStatus as ApiStatus } from '../data/index.ts';
import { href, useQueryParam } from '../app/routes.ts';
import { useShortcut } from '../app/shortcuts.ts';
import { SystemBanners } from '../app/SystemBanners.tsx';
import { SessionStatus, STATUS_LABEL, type DisplayStatus } from './status.tsx';
import { useDisplayStatus } from './activity.ts';
import { ImportDialog } from './transfer/ImportDialog.tsx';
import { SampleLogsButton } from './transfer/SampleLogs.tsx';

/** Each filter value, and the server-side statuses it asks for (the rest is narrowed here). */
const STATUS_FILTERS: Record<DisplayStatus, ApiStatus> = {
  running: 'running',
  idle: 'idle',
  requires_action: 'idle',
  error: 'idle',
  rescheduling: 'rescheduling',
  terminated: 'terminated',
};

const STATUS_OPTIONS = [{ value: '*', label: 'Any status' }, ...(Object.keys(STATUS_FILTERS) as DisplayStatus[]).map((s) => ({ value: s, label: STATUS_LABEL[s].label }))];

function EnvironmentName({ id }: { id: string }) {
  const env = useEnvironments((s) => s.byId.get(id));
  return <span className="truncate">{env?.name ?? <code className="muted">{id}</code>}</span>;
}

function StatusCell({ session }: { session: Session }) {
  return <SessionStatus status={useDisplayStatus(session)} />;
}

const COLUMNS: Column<Session>[] = [
  { id: 'status', header: 'Status', width: 160, cell: (s) => <StatusCell session={s} /> },
  {
    id: 'agent',
    header: 'Agent',
    width: 140,
    grow: 1,
    cell: (s) => (
      <>
        <span className="truncate">{s.agent.name}</span>
        <Badge>v{s.agent.version}</Badge>
      </>
    ),
  },
  { id: 'env', header: 'Environment', width: 120, grow: 1, cell: (s) => <EnvironmentName id={s.environment_id} />, drop: 4 },
  { id: 'created', header: 'Created', width: 88, cell: (s) => <RelativeTime iso={s.created_at} />, drop: 5 },
  { id: 'activity', header: 'Last activity', width: 88, cell: (s) => <RelativeTime iso={s.updated_at} />, drop: 1 },
  { id: 'tokens', header: 'Tokens', width: 64, align: 'end', cell: (s) => <span className="tabular">{formatTokens(usageTotals(s.usage).total)}</span>, drop: 2 },
  {
    id: 'cost',
    header: (
      <Tooltip content={`Estimated at list prices taken ${PRICES_TAKEN_AT}; your bill may differ.`}>
        <span className="header-with-icon" tabIndex={0}>
          Est. cost <Info size={12} aria-hidden="true" />
        </span>
      </Tooltip>
    ),
    width: 80,
    align: 'end',
    cell: (s) => <span className="tabular">{formatUsd(sessionCost(s.usage))}</span>,
    drop: 3,
  },
];

/** Sessions: every session, live (status, tokens, cost), filtered by status, agent and archived. */
export function SessionsList({ onNewSession }: { onNewSession: () => void }) {
  const { items, status, error, complete, query, load, setQuery } = useSessions();
  const agents = useAgents((s) => s.items);
  const activity = useActivity((a) => a.byId);
  const [search, setSearch] = useQueryParam('q');
  const [statusFilter, setStatusFilter] = useQueryParam('status');
  const [agentFilter, setAgentFilter] = useQueryParam('agent');
  const [archived, setArchived] = useQueryParam('archived');
  const searchRef = useRef<HTMLInputElement>(null);
  const [importing, setImporting] = useState(false);
  useShortcut('search', () => searchRef.current?.focus());
  useShortcut('new', onNewSession);

  const wanted = (statusFilter in STATUS_FILTERS ? statusFilter : '') as DisplayStatus | '';
  const includeArchived = archived === '1';
  const agentId = agentFilter || null;
  // The server filters what it can (status, agent, archived); this screen narrows the rest.
  useEffect(() => {
    const statuses = wanted ? [STATUS_FILTERS[wanted]] : [];
    if (query.includeArchived !== includeArchived || query.agentId !== agentId || query.statuses.join() !== statuses.join()) setQuery({ includeArchived, agentId, statuses });
  }, [wanted, includeArchived, agentId, query, setQuery]);

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return items.filter(
      (s) =>
        (!wanted || activityState(s, activity.get(s.id)) === wanted) &&
        (!q || (s.title ?? '').toLowerCase().includes(q) || s.id.toLowerCase().includes(q) || s.agent.name.toLowerCase().includes(q)),
    );
  }, [items, search, wanted, activity]);

  const agentOptions = useMemo(() => [{ value: '', label: 'Any agent' }, ...agents.map((a) => ({ value: a.id, label: a.name, description: a.id }))], [agents]);

  return (
    <ListScreen
      banner={<SystemBanners topics={['docker', 'model']} />}
      title="Sessions"
      count={status === 'ready' && <CountBadge total={items.length} shown={shown.length} filtered={Boolean(search || wanted || agentId)} complete={complete} noun="session" />}
      actions={
        <>
          <Button icon={FileUp} onClick={() => setImporting(true)}>
            Import log…
          </Button>
          <ImportDialog open={importing} onOpenChange={setImporting} />
          <Button variant="primary" icon={NewIcon} onClick={onNewSession} title="New session (N)">
            New session
          </Button>
        </>
      }
      toolbar={
        <>
          <SearchInput ref={searchRef} label="Search sessions" placeholder="Search by title, id or agent" shortcut="/" value={search} onChange={(e) => setSearch(e.target.value)} />
          <Select label="Status" size="sm" value={wanted || '*'} onChange={(v) => setStatusFilter(v === '*' ? '' : v)} options={STATUS_OPTIONS} />
          <div className="toolbar-combo">
            <Combobox label="Agent" placeholder="Any agent" value={agentFilter} onChange={setAgentFilter} options={agentOptions} />
          </div>
          <Switch label="Show archived" checked={includeArchived} onChange={(on) => setArchived(on ? '1' : '')} />
        </>
      }
      status={status}
      error={error}
      onRetry={() => void load()}
      filtered={Boolean(search || wanted || agentId) || includeArchived}
      total={items.length}
      shown={shown.length}
      onClearFilters={() => (setSearch(''), setStatusFilter(''), setAgentFilter(''))}
      empty={
        wanted || agentId || includeArchived ? (
          <EmptyState icon={SessionIcon} title="No sessions match" actions={<Button onClick={() => (setStatusFilter(''), setAgentFilter(''), setArchived(''))}>Clear filters</Button>}>
            No session has this status or agent.
          </EmptyState>
        ) : (
          <EmptyState
            icon={SessionIcon}
            title="No sessions yet"
            actions={
              <>
                <Button variant="primary" icon={NewIcon} onClick={onNewSession}>
                  New session
                </Button>
                <SampleLogsButton />
              </>
            }
          >
            A session runs an agent in an environment and keeps every step as an event. Start one here or through the API (
            <code>client.beta.sessions.create</code>); it appears at once. Or open the three sample logs (a coding session with approvals, one that
            compacts its context, one with a flaky model) and replay them.
          </EmptyState>
        )
      }
    >
      <VirtualTable
        label="Sessions"
        items={shown}
        rowKey={(s) => s.id}
        href={(s) => href.session(s.id)}
        primaryHeader="Title"
        primary={(s) => (
          <span className="cell-stack">
            <span className="truncate">{s.title || 'Untitled session'}</span>
            <span className="cell-sub">{s.id}</span>
          </span>
        )}
        columns={COLUMNS}
        rowHeight={48}
      />
    </ListScreen>
  );
}
