// `#/vaults/:id`: a vault's credentials (add, rotate, archive, delete) and where each is used.
import { useState } from 'react';
import { MoreHorizontal, Pencil, RotateCw, Trash2 } from 'lucide-react';
import {
  AboutSection,
  ArchiveIcon,
  Badge,
  Banner,
  Button,
  ConfirmDialog,
  CredentialIcon,
  EmptyState,
  ErrorState,
  IconButton,
  LoadingState,
  Menu,
  MenuItem,
  MenuSeparator,
  NewIcon,
  PageBody,
  PageHeader,
  RelativeTime,
  Section,
  toast,
} from '../ui/index.ts';
import {
  archiveCredential,
  archiveVault,
  deleteCredential,
  deleteVault,
  DockhandError,
  useAgents,
  useVault,
  useVaultCredentials,
  useVaultSessions,
  type Agent,
  type Credential,
  type Vault,
} from '../data/index.ts';
import { ResourceGate } from '../app/ResourceGate.tsx';
import { href, navigate } from '../app/routes.ts';
import { useShortcut } from '../app/shortcuts.ts';
import { SessionStatus } from '../sessions/status.tsx';
import { AddCredentialDialog, RotateCredentialDialog } from './CredentialDialogs.tsx';
import { KIND_LABEL, sameServer, targetOf } from './credential-draft.ts';
import { KeychainBanner } from './KeychainBanner.tsx';
import { VaultDialog } from './VaultDialog.tsx';

export function VaultScreen({ id }: { id: string }) {
  return (
    <ResourceGate loaded={useVault(id)} noun="vault" crumbs={[{ label: 'Vaults', href: href.vaults() }]}>
      {(vault) => <VaultView vault={vault} />}
    </ResourceGate>
  );
}

type Pending = { what: 'archive-vault' | 'delete-vault' } | { what: 'archive' | 'delete'; credential: Credential };

/** Its name, else what it stands for: the variable, or the kind. */
const nameOf = (c: Credential) => c.display_name || (c.auth.type === 'environment_variable' ? c.auth.secret_name : KIND_LABEL[c.auth.type]);

/** The agents whose MCP servers a credential serves. */
function agentsServed(c: Credential, agents: readonly Agent[]): Agent[] {
  const auth = c.auth;
  if (auth.type === 'environment_variable') return [];
  return agents.filter((a) => !a.archived_at && a.mcp_servers.some((s) => sameServer(s.url, auth.mcp_server_url)));
}

function UsedBy({ credential, agents }: { credential: Credential; agents: readonly Agent[] }) {
  if (credential.archived_at) return <span className="muted">Nothing: archived</span>;
  if (credential.auth.type === 'environment_variable') return <span className="muted">The sandboxes of this vault&rsquo;s sessions</span>;
  const served = agentsServed(credential, agents);
  if (!served.length) return <span className="muted">No agent has this MCP server</span>;
  return (
    <span className="link-list">
      {served.map((a) => (
        <a key={a.id} href={href.agent(a.id)}>
          {a.name}
        </a>
      ))}
    </span>
  );
}

function VaultView({ vault }: { vault: Vault }) {
  const credentials = useVaultCredentials(vault.id);
  const sessions = useVaultSessions(vault.id);
  const agents = useAgents((s) => s.items);
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [rotating, setRotating] = useState<Credential | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const archived = Boolean(vault.archived_at);
  useShortcut('new', () => !archived && setAdding(true));

  const live = credentials.items.filter((c) => !c.archived_at);
  const run = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      if ('credential' in pending) {
        if (pending.what === 'archive') await archiveCredential(vault.id, pending.credential.id);
        else await deleteCredential(vault.id, pending.credential.id);
      } else if (pending.what === 'archive-vault') await archiveVault(vault.id);
      else {
        await deleteVault(vault.id);
        navigate(href.vaults());
      }
      setPending(null);
    } catch (err) {
      toast('That did not work', { tone: 'danger', description: err instanceof DockhandError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };
  const sessionCount = sessions ? `${sessions.length}${sessions.length === 100 ? '+' : ''} session${sessions.length === 1 ? '' : 's'}` : 'sessions';
  const confirm: Record<Pending['what'], { title: string; description: string; label: string }> = {
    'archive-vault': {
      title: `Archive ${vault.display_name}?`,
      description: `Its ${live.length} credential${live.length === 1 ? '' : 's'} are archived too and their secrets removed from the OS keychain. New sessions cannot choose it; the ${sessionCount} using it go on without its credentials. This cannot be undone.`,
      label: 'Archive vault',
    },
    'delete-vault': {
      title: `Delete ${vault.display_name}?`,
      description: `The vault and its credentials are deleted and their secrets removed from the OS keychain. The ${sessionCount} using it go on without its credentials. This cannot be undone.`,
      label: 'Delete vault',
    },
    archive: {
      title: `Archive ${pending && 'credential' in pending ? nameOf(pending.credential) : ''}?`,
      description: 'Its secret is removed from the OS keychain; the credential stays listed, read-only, for the record. Sessions stop using it at once.',
      label: 'Archive credential',
    },
    delete: {
      title: `Delete ${pending && 'credential' in pending ? nameOf(pending.credential) : ''}?`,
      description: 'The credential and its secret in the OS keychain are deleted. Sessions stop using it at once. This cannot be undone.',
      label: 'Delete credential',
    },
  };

  return (
    <div className="page">
      <PageHeader
        title={vault.display_name}
        crumbs={[{ label: 'Vaults', href: href.vaults() }]}
        meta={archived && <Badge>archived</Badge>}
        actions={
          <>
            {!archived && (
              <Button variant="primary" icon={NewIcon} onClick={() => setAdding(true)} title="Add credential (N)">
                Add credential
              </Button>
            )}
            <Menu trigger={<IconButton icon={MoreHorizontal} label="More vault actions" />} label="Vault actions">
              <MenuItem icon={Pencil} onSelect={() => setRenaming(true)} disabled={archived}>
                Rename
              </MenuItem>
              <MenuItem icon={ArchiveIcon} onSelect={() => setPending({ what: 'archive-vault' })} disabled={archived}>
                Archive
              </MenuItem>
              <MenuSeparator />
              <MenuItem icon={Trash2} danger onSelect={() => setPending({ what: 'delete-vault' })}>
                Delete
              </MenuItem>
            </Menu>
          </>
        }
      />
      <KeychainBanner />
      <PageBody width="narrow">
        {archived && (
          <Banner tone="info" title="Archived">
            This vault is read-only: its credentials were archived with it and their secrets removed from the keychain.
          </Banner>
        )}
        <Section title="Credentials" description="Secrets are in the OS keychain: they can be replaced, never read back.">
          {credentials.status === 'loading' ? (
            <LoadingState label="Loading credentials…" />
          ) : credentials.status === 'failed' ? (
            <ErrorState title="Could not load the credentials" message={credentials.error?.message} />
          ) : credentials.items.length === 0 ? (
            <EmptyState
              icon={CredentialIcon}
              title="No credentials yet"
              actions={
                !archived && (
                  <Button icon={NewIcon} onClick={() => setAdding(true)}>
                    Add credential
                  </Button>
                )
              }
            >
              Add a token for an MCP server your agents use, or a value the sandbox&rsquo;s requests need.
            </EmptyState>
          ) : (
            <table className="data-table">
              <caption className="visually-hidden">Credentials of {vault.display_name}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">For</th>
                  <th scope="col">Used by</th>
                  <th scope="col">Updated</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {credentials.items.map((c) => (
                  <tr key={c.id} className={c.archived_at ? 'data-table-archived' : undefined}>
                    <th scope="row">
                      <span className="cell-stack">
                        <span>
                          {nameOf(c)} {c.archived_at && <Badge>archived</Badge>}
                        </span>
                        <span className="cell-sub">{KIND_LABEL[c.auth.type]}</span>
                      </span>
                    </th>
                    <td>
                      <code className="truncate-wrap">{targetOf(c)}</code>
                    </td>
                    <td>
                      <UsedBy credential={c} agents={agents} />
                    </td>
                    <td className="nowrap">
                      <RelativeTime iso={c.updated_at} />
                    </td>
                    <td className="data-table-actions">
                      {!c.archived_at && (
                        <Button size="sm" icon={RotateCw} onClick={() => setRotating(c)} aria-label={`Rotate ${nameOf(c)}`}>
                          Rotate
                        </Button>
                      )}
                      <Menu trigger={<IconButton icon={MoreHorizontal} label={`More actions for ${nameOf(c)}`} size="sm" />} label={`Actions for ${nameOf(c)}`}>
                        <MenuItem icon={ArchiveIcon} onSelect={() => setPending({ what: 'archive', credential: c })} disabled={Boolean(c.archived_at) || archived}>
                          Archive
                        </MenuItem>
                        <MenuItem icon={Trash2} danger onSelect={() => setPending({ what: 'delete', credential: c })}>
                          Delete
                        </MenuItem>
                      </Menu>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
        <Section title="Sessions using this vault" description="Choose a vault when starting a session; Dockhand adds its credentials on the agent’s behalf.">
          {sessions === null ? (
            <LoadingState label="Loading sessions…" />
          ) : sessions.length === 0 ? (
            <p className="section-note">No session uses this vault yet.</p>
          ) : (
            <ul className="link-rows">
              {sessions.map((s) => (
                <li key={s.id}>
                  <a href={href.session(s.id)}>{s.title || s.id}</a>
                  <SessionStatus status={s.status} />
                  <RelativeTime iso={s.updated_at} />
                </li>
              ))}
            </ul>
          )}
        </Section>
        <AboutSection item={vault} />
      </PageBody>
      <AddCredentialDialog vaultId={vault.id} open={adding} onOpenChange={setAdding} />
      <RotateCredentialDialog credential={rotating} onOpenChange={(o) => !o && setRotating(null)} />
      <VaultDialog open={renaming} onOpenChange={setRenaming} vault={vault} />
      {pending && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setPending(null)}
          title={confirm[pending.what].title}
          description={confirm[pending.what].description}
          confirmLabel={confirm[pending.what].label}
          danger
          busy={busy}
          onConfirm={() => void run()}
        />
      )}
    </div>
  );
}
