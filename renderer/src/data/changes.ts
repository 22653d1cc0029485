// The change feed (`changes.stream`) applied to the live lists: what the API, the SDK or another
// window changes shows here without a reload. When the feed cannot resume (a restart, a long
// disconnection) it says so, and every list reloads.
import type { ResourceChange } from '../../../electron/core/api/changes.ts';
import { useAgents } from './agents.ts';
import { dropActivity, setActivity } from './activity.ts';
import type { Client } from './client.ts';
import { reportSuccess, useConnection } from './connection.ts';
import { dropDetail, noteDetail } from './detail-cache.ts';
import { useEnvironments } from './environments.ts';
import { useSessions } from './sessions.ts';
import { removeSkill, upsertSkill } from './skills.ts';
import { forgetCredentials, reloadShownCredentials, removeCredential, upsertCredential, useVaults } from './vaults.ts';

export function applyChange(change: ResourceChange, reload: () => void): void {
  switch (change.type) {
    case 'changes.ready':
      return;
    case 'changes.resync':
      return reload();
    case 'agent.created':
    case 'agent.updated':
    case 'agent.archived':
      useAgents.getState().upsert(change.resource);
      return noteDetail(change.resource);
    case 'environment.created':
    case 'environment.updated':
    case 'environment.archived':
      useEnvironments.getState().upsert(change.resource);
      return noteDetail(change.resource);
    case 'environment.deleted':
      useEnvironments.getState().remove(change.id);
      return dropDetail(change.id);
    case 'session.created':
    case 'session.updated':
    case 'session.archived':
      setActivity([[change.id, change.activity]]);
      useSessions.getState().upsert(change.resource);
      return noteDetail(change.resource);
    case 'session.deleted':
      useSessions.getState().remove(change.id);
      dropActivity(change.id);
      return dropDetail(change.id);
    case 'vault.created':
    case 'vault.updated':
      useVaults.getState().upsert(change.resource);
      return noteDetail(change.resource);
    case 'vault.archived':
      useVaults.getState().upsert(change.resource);
      noteDetail(change.resource);
      // Its credentials were archived with it, in one change.
      return reloadShownCredentials(change.id);
    case 'vault.deleted':
      useVaults.getState().remove(change.id);
      forgetCredentials(change.id);
      return dropDetail(change.id);
    case 'credential.created':
    case 'credential.updated':
    case 'credential.archived':
      return upsertCredential(change.resource);
    case 'credential.deleted':
      return removeCredential(change.vault_id, change.id);
    case 'skill.created':
    case 'skill.updated':
      return upsertSkill(change.resource);
    case 'skill.deleted':
      return removeSkill(change.id);
  }
}

/**
 * Follows the feed for `client`; returns the unsubscribe. The lists load once the feed is open, so no
 * change falls between a list's pages and the feed. A feed that drops and reconnects resumes where it
 * stopped (the transport sends the last change id); the lists reload only if the server cannot resume.
 * Its state drives the connection dot: red while it is lost.
 */
export function followChanges(client: Client, reload: () => void, onReconnect: () => void): () => void {
  let lost = false;
  let loaded = false;
  const loadOnce = () => {
    if (!loaded) (loaded = true), reload();
  };
  return client.subscribe(
    'changes.stream',
    {},
    {
      onItem: (change) => applyChange(change, reload),
      onState: (state, reason) => {
        if (useConnection.getState().client !== client) return;
        if (state === 'open') {
          reportSuccess();
          loadOnce();
          if (lost) onReconnect();
          lost = false;
        } else {
          lost = true;
          useConnection.setState({ state: 'offline', detail: reason?.message ?? 'the local API cannot be reached' });
        }
      },
      onError: (err) => {
        if (useConnection.getState().client !== client) return;
        if (err.type === 'authentication_error') useConnection.setState({ state: 'refused', detail: err.message });
        // Without a feed the lists still load; they just do not follow changes.
        else loadOnce();
      },
    },
  );
}
