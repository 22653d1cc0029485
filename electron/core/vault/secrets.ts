// Dockhand's secrets in the keychain, one entry each, filed under this installation's id (kept in the store)
// so two data directories on one machine never read each other's. Values read once are cached in memory for
// the life of the process: the host needs them on every MCP request and every proxied git fetch.
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/index.ts';
import { osKeychain, type Keychain } from './keychain.ts';

/** What a secret is, in the keychain account's name: `<installation>/<kind>/<id...>`. */
export type SecretKey = `model-api-key` | `credential/${string}` | `repository/${string}/${string}`;

export class SecretStore {
  private readonly cache = new Map<string, string>();
  private installation?: string;

  constructor(
    private readonly store: Store,
    private readonly keychain: Keychain = osKeychain,
  ) {}

  /** This data directory's id in the keychain; made once, kept in the store (it is not a secret). */
  private account(key: SecretKey): string {
    this.installation ??= this.store.settings.get('installation_id') ?? this.store.settings.setIfAbsent('installation_id', `inst_${randomBytes(12).toString('hex')}`);
    return `${this.installation}/${key}`;
  }

  /** `fresh` reads past the cache: for what another process (`dockhand key set`) may have changed. A miss is never cached. */
  async get(key: SecretKey, { fresh = false } = {}): Promise<string | undefined> {
    const account = this.account(key);
    if (!fresh && this.cache.has(account)) return this.cache.get(account);
    const value = await this.keychain.get(account);
    if (value === undefined) this.cache.delete(account);
    else this.cache.set(account, value);
    return value;
  }

  async set(key: SecretKey, value: string): Promise<void> {
    const account = this.account(key);
    await this.keychain.set(account, value);
    this.cache.set(account, value);
  }

  async delete(key: SecretKey): Promise<void> {
    const account = this.account(key);
    this.cache.delete(account);
    await this.keychain.delete(account);
  }
}
