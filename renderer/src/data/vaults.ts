// Vaults and their credentials: the live list of vaults, each vault's credentials (loaded when its
// screen opens, then kept current by the change feed), the sessions that use a vault, and the calls
// that change them. Secret values only ever travel into a call: no answer carries one back.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { Params } from '../../../electron/core/api/contract.ts';
import { createChildLists, type ChildList } from './child-lists.ts';
import { createCollection } from './collection.ts';
import { client } from './connection.ts';
import { dropDetail, noteDetail } from './detail-cache.ts';
import { useSessions } from './sessions.ts';
import type { Credential, Session, Vault } from './types.ts';

export const useVaults = createCollection<Vault, { includeArchived: boolean }>({
  query: { includeArchived: false },
  list: (c, q, page, limit) => c.call('vaults.list', { limit, page, include_archived: q.includeArchived }),
  matches: (v, q) => q.includeArchived || !v.archived_at,
});

const keep = (vault: Vault) => (useVaults.getState().upsert(vault), noteDetail(vault), vault);

export const createVault = async (params: Params<'vaults.create'>) => keep(await client().call('vaults.create', params));
export const updateVault = async (params: Params<'vaults.update'>) => keep(await client().call('vaults.update', params));
export const retrieveVault = (vault_id: string) => client().call('vaults.retrieve', { vault_id });

export async function archiveVault(vault_id: string): Promise<Vault> {
  const vault = keep(await client().call('vaults.archive', { vault_id }));
  // Archiving a vault archives (and forgets the secrets of) every credential in it.
  credentials.reloadShown(vault_id);
  return vault;
}

export async function deleteVault(vault_id: string): Promise<void> {
  await client().call('vaults.delete', { vault_id });
  useVaults.getState().remove(vault_id);
  dropDetail(vault_id);
  forgetCredentials(vault_id);
}

// Credentials, per vault (a vault holds a handful: loaded whole, archived ones included).
export type CredentialsOf = ChildList<Credential>;

const credentials = createChildLists<Credential>((vault_id, page) => client().call('vaults.credentials.list', { vault_id, include_archived: true, limit: 1000, page }));

/** A created or changed credential (from a call here or the change feed), in its vault's list if that is loaded. */
export const upsertCredential = (c: Credential) => credentials.upsert(c.vault_id, c);
export const removeCredential = credentials.remove;
export const forgetCredentials = credentials.forget;
/** Reloads the credentials of every vault on screen (the change feed lost track, or a vault was archived elsewhere). */
export const reloadShownCredentials = credentials.reloadShown;
/** A vault's credentials, loaded on first use. */
export const useVaultCredentials = (vaultId: string): CredentialsOf => credentials.use(vaultId);

const keepCredential = (c: Credential) => (upsertCredential(c), c);

export const createCredential = async (params: Params<'vaults.credentials.create'>) => keepCredential(await client().call('vaults.credentials.create', params));
export const updateCredential = async (params: Params<'vaults.credentials.update'>) => keepCredential(await client().call('vaults.credentials.update', params));
export const archiveCredential = async (vault_id: string, credential_id: string) => keepCredential(await client().call('vaults.credentials.archive', { vault_id, credential_id }));

export async function deleteCredential(vault_id: string, credential_id: string): Promise<void> {
  await client().call('vaults.credentials.delete', { vault_id, credential_id });
  removeCredential(vault_id, credential_id);
}

// The sessions that use a vault: asked of core when the vault's screen opens and whenever sessions come or go.
const useVaultSessionsStore = create<{ byVault: Readonly<Record<string, readonly Session[]>> }>()(() => ({ byVault: {} }));

export function useVaultSessions(vaultId: string): readonly Session[] | null {
  const sessionCount = useSessions((s) => s.items.length);
  useEffect(() => {
    let stale = false;
    client()
      .call('vaults.sessions.list', { vault_id: vaultId, limit: 100 })
      .then((res) => !stale && useVaultSessionsStore.setState((s) => ({ byVault: { ...s.byVault, [vaultId]: res.data } })))
      .catch(() => undefined);
    return () => void (stale = true);
  }, [vaultId, sessionCount]);
  return useVaultSessionsStore((s) => s.byVault[vaultId] ?? null);
}
