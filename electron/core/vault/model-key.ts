// The model's API key: ANTHROPIC_API_KEY when Dockhand's environment sets it (scripts and CI), else the key
// kept in the keychain (set in Settings or by `dockhand key set`). Read at each model request, so a key set
// while Dockhand runs is used from the next request on.
import type { ModelKeyStatus } from '../api/settings.ts';
import { KeychainUnavailable, keychainStatus } from './keychain.ts';
import type { SecretStore } from './secrets.ts';

export class MissingModelKey extends Error {
  override name = 'MissingModelKey';
  constructor(why = '') {
    super(`No model API key: set one in Settings, with \`dockhand key set\`, or in ANTHROPIC_API_KEY.${why && ` ${why}`}`);
  }
}

export class ModelKey {
  constructor(
    private readonly secrets: SecretStore,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  private get fromEnv(): string | undefined {
    return this.env.ANTHROPIC_API_KEY || undefined;
  }

  /** The key for the next request; rejects with MissingModelKey when there is none. */
  async get(): Promise<string> {
    if (this.fromEnv) return this.fromEnv;
    const key = await this.secrets.get('model-api-key', { fresh: true }).catch((err: unknown) => {
      throw err instanceof KeychainUnavailable ? new MissingModelKey(err.message) : err;
    });
    if (!key) throw new MissingModelKey();
    return key;
  }

  set(key: string): Promise<void> {
    return this.secrets.set('model-api-key', key);
  }

  delete(): Promise<void> {
    return this.secrets.delete('model-api-key');
  }

  async status(): Promise<ModelKeyStatus> {
    const keychain = await keychainStatus();
    const stored = keychain.available && (await this.secrets.get('model-api-key', { fresh: true })) !== undefined;
    const source = this.fromEnv ? 'environment' : stored ? 'keychain' : null;
    return { type: 'model_key', configured: source !== null, source, stored, keychain: { type: 'keychain', ...keychain } };
  }
}
