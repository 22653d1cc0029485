import { useEffect, useMemo, useRef, useState } from 'react';
import { Badge, Button, CountBadge, EmptyState, ListScreen, NewIcon, RelativeTime, SearchInput, Switch, VaultIcon, VirtualTable, type Column } from '../ui/index.ts';
import { useVaults, type Vault } from '../data/index.ts';
import { href, useQueryParam } from '../app/routes.ts';
import { useShortcut } from '../app/shortcuts.ts';
import { KeychainBanner } from './KeychainBanner.tsx';
import { VaultDialog } from './VaultDialog.tsx';

const COLUMNS: Column<Vault>[] = [
  { id: 'id', header: 'Id', width: 220, grow: 1, cell: (v) => <code className="muted truncate">{v.id}</code>, drop: 2 },
  { id: 'created', header: 'Created', width: 96, cell: (v) => <RelativeTime iso={v.created_at} />, drop: 1 },
  { id: 'updated', header: 'Updated', width: 96, cell: (v) => <RelativeTime iso={v.updated_at} /> },
];

/** Vaults: the credentials sessions may use, grouped; live, searchable, archived ones on request. */
export function VaultsList() {
  const { items, status, error, complete, query, load, setQuery } = useVaults();
  const [search, setSearch] = useQueryParam('q');
  const [archived, setArchived] = useQueryParam('archived');
  const [creating, setCreating] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  useShortcut('search', () => searchRef.current?.focus());
  useShortcut('new', () => setCreating(true));

  const includeArchived = archived === '1';
  useEffect(() => {
    if (query.includeArchived !== includeArchived) setQuery({ includeArchived });
  }, [includeArchived, query.includeArchived, setQuery]);

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return q ? items.filter((v) => v.display_name.toLowerCase().includes(q) || v.id.toLowerCase().includes(q)) : items;
  }, [items, search]);

  const newButton = (
    <Button variant="primary" icon={NewIcon} onClick={() => setCreating(true)} title="New vault (N)">
      New vault
    </Button>
  );
  return (
    <>
      <ListScreen
        banner={<KeychainBanner />}
        title="Vaults"
        description="Credentials for MCP servers and the sandbox. Their secrets live in the OS keychain: never shown again, never given to an agent."
        count={status === 'ready' && <CountBadge total={items.length} shown={shown.length} filtered={Boolean(search)} complete={complete} noun="vault" />}
        actions={newButton}
        toolbar={
          <>
            <SearchInput ref={searchRef} label="Search vaults" placeholder="Search by name or id" shortcut="/" value={search} onChange={(e) => setSearch(e.target.value)} />
            <Switch label="Show archived" checked={includeArchived} onChange={(on) => setArchived(on ? '1' : '')} />
          </>
        }
        status={status}
        error={error}
        onRetry={() => void load()}
        filtered={Boolean(search) || includeArchived}
        total={items.length}
        shown={shown.length}
        onClearFilters={() => setSearch('')}
        empty={
          <EmptyState icon={VaultIcon} title="No vaults yet" actions={newButton}>
            A vault holds credentials: a token for an MCP server, or a value the sandbox&rsquo;s requests need. Choose a vault when starting a session and
            Dockhand adds its credentials on the agent&rsquo;s behalf, without the agent ever seeing them.
          </EmptyState>
        }
      >
        <VirtualTable
          label="Vaults"
          items={shown}
          rowKey={(v) => v.id}
          href={(v) => href.vault(v.id)}
          primaryHeader="Name"
          primary={(v) => (
            <span className="truncate">
              {v.display_name} {v.archived_at && <Badge>archived</Badge>}
            </span>
          )}
          columns={COLUMNS}
        />
      </ListScreen>
      <VaultDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
