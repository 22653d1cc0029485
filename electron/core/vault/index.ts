// The vault: every secret Dockhand holds, kept in the OS keychain and used host-side only.
import type { Store } from '../store/index.ts';
import { ModelKey } from './model-key.ts';
import { SecretStore } from './secrets.ts';
import { SessionSecrets } from './session-secrets.ts';

export class Vault {
  readonly secrets: SecretStore;
  /** Repository tokens given at session creation. */
  readonly sessionSecrets: SessionSecrets;
  readonly modelKey: ModelKey;

  constructor(readonly store: Store) {
    this.secrets = new SecretStore(store);
    this.sessionSecrets = new SessionSecrets(this.secrets);
    this.modelKey = new ModelKey(this.secrets);
  }
}
