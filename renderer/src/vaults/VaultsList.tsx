import { useState } from 'react';
import { RelativeTime, VaultIcon, type Column } from '../ui/index.ts';
import { useVaults, type Vault } from '../data/index.ts';
import { href } from '../app/routes.ts';
import { ResourceList } from '../app/ResourceList.tsx';
import { KeychainBanner } from './KeychainBanner.tsx';
import { VaultDialog } from './VaultDialog.tsx';

const COLUMNS: Column<Vault>[] = [
  { id: 'id', header: 'Id', width: 220, grow: 1, cell: (v) => <code className="muted truncate">{v.id}</code>, drop: 2 },
  { id: 'created', header: 'Created', width: 96, cell: (v) => <RelativeTime iso={v.created_at} />, drop: 1 },
  { id: 'updated', header: 'Updated', width: 96, cell: (v) => <RelativeTime iso={v.updated_at} /> },
];

/** Vaults: the credentials sessions may use, grouped; live, searchable, archived ones on request. */
export function VaultsList() {
  const [creating, setCreating] = useState(false);
  return (
    <>
      <ResourceList
        list={useVaults()}
        banner={<KeychainBanner />}
        title="Vaults"
        noun="vault"
        description="Credentials for MCP servers and the sandbox. Their secrets live in the OS keychain: never shown again, never given to an agent."
        onNew={() => setCreating(true)}
        searchIn={(v) => [v.display_name, v.id]}
        searchPlaceholder="Search by name or id"
        archivable
        empty={{
          icon: VaultIcon,
          title: 'No vaults yet',
          text: (
            <>
              A vault holds credentials: a token for an MCP server, or a value the sandbox&rsquo;s requests need. Choose a vault when starting a session and Dockhand adds its
              credentials on the agent&rsquo;s behalf, without the agent ever seeing them.
            </>
          ),
        }}
        name={(v) => v.display_name}
        href={(v) => href.vault(v.id)}
        columns={COLUMNS}
      />
      <VaultDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
