import type { Services } from '../api/contract.ts';
import type { Store } from '../store/index.ts';
import type { Vault } from '../vault/index.ts';
import { activityServices } from './activity.ts';
import { agentServices } from './agents.ts';
import { ChangeFeed, withChanges } from './changes.ts';
import { environmentBuildServices, type EnvironmentBuilder } from './environment-build.ts';
import { environmentServices } from './environments.ts';
import { eventServices } from './events.ts';
import { forkServices } from './fork.ts';
import { replayServices } from './replay.ts';
import { usageServices } from './usage.ts';
import { sessionServices } from './sessions.ts';
import { transferServices } from './transfer.ts';
import { sandboxServices } from './sandbox.ts';
import { fileServices } from './files.ts';
import { skillServices, type SkillOptions } from './skills.ts';
import { sessionResourceServices } from './session-resources.ts';
import type { BlobStore } from '../store/blobs.ts';
import type { SandboxProvider } from '../hands/contract.ts';
import { systemServices, type SystemFacts } from './system.ts';
import { settingsServices } from './settings.ts';
import { vaultServices, type ValidateCredential } from './vaults.ts';

export interface ServiceOptions {
  /** Probes mcp_oauth credentials (mcp_oauth_validate); the MCP hub's. */
  validateCredential?: ValidateCredential;
  /** Builds environment images; only the Docker hands have images, so without it `environments.build` answers 400. */
  buildEnvironment?: EnvironmentBuilder;
  /** Where tools run: the sandbox panel's operations inspect it (without it, every session has none). */
  hands?: SandboxProvider;
  /** What `system.status` reports about how core runs. */
  system?: SystemFacts;
  /** Where files' bytes live (see blobsIn); without it the Files API answers 400. */
  blobs?: BlobStore;
  /** Where skills' folders live (see shelfIn) and how large one may be; without a shelf the Skills API answers 400. */
  skills?: SkillOptions;
}

const NO_SYSTEM: SystemFacts = { hands: { hands: 'none', reason: 'Tools are off.' }, dataDir: '', brain: false, model: {}, api: () => null };

/** Every operation of the contract, implemented over the store (secrets over the vault's keychain); every change published on the change feed. */
export function createServices(store: Store, vault: Vault, { buildEnvironment, hands, system = NO_SYSTEM, validateCredential, blobs, skills }: ServiceOptions = {}): Services {
  const base = {
    ...agentServices(store),
    ...environmentServices(store),
    ...environmentBuildServices(store, buildEnvironment),
    ...sessionServices(store, vault.sessionSecrets),
    ...vaultServices(store, vault.secrets, validateCredential),
    ...settingsServices(vault.modelKey),
    ...eventServices(store),
    ...transferServices(store),
    ...forkServices(store, vault.sessionSecrets),
    ...replayServices(store),
    ...usageServices(store),
    ...sandboxServices(store, hands),
    ...activityServices(store),
    ...systemServices(store, system),
    ...fileServices(store, blobs),
    ...skillServices(store, skills),
    ...sessionResourceServices(store, vault.sessionSecrets),
  };
  return withChanges(base, store, new ChangeFeed());
}
