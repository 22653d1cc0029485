// The OS keychain, the only place a secret value is kept: Secret Service on Linux (gnome-keyring, KWallet,
// KeePassXC over D-Bus), Keychain on macOS, Credential Manager on Windows, through @napi-rs/keyring.
// On Linux the entry is pinned to the Secret Service: the binding would otherwise fall back silently to the
// kernel's keyutils, which forgets everything at reboot. Where no keychain answers, every call rejects with
// KeychainUnavailable and nothing is written anywhere else.
import type { AsyncEntry } from '@napi-rs/keyring';
import { ApiError } from '../api/errors.ts';

/** The service name Dockhand's entries are filed under in the keychain. */
export const KEYCHAIN_SERVICE = 'Dockhand';

export const KEYCHAIN_MISSING =
  'No OS keychain answers (on Linux: a Secret Service such as gnome-keyring, reached over D-Bus; on macOS: Keychain; on Windows: Credential Manager). Dockhand keeps secrets only there and never in plain text, so nothing was stored: start or unlock the keychain and try again.';

/** The one refusal when no keychain answers; a 400 the API passes on as is, with a code the UI can key on. */
export class KeychainUnavailable extends ApiError {
  constructor(readonly reason: string) {
    super('invalid_request_error', KEYCHAIN_MISSING, 'keychain_unavailable');
  }
}

/** get/set/delete by account name, within Dockhand's service. */
export interface Keychain {
  get(account: string): Promise<string | undefined>;
  set(account: string, value: string): Promise<void>;
  /** True when there was something to delete. */
  delete(account: string): Promise<boolean>;
}

// The native binding is loaded at the first secret, not at start-up.
let binding: Promise<typeof import('@napi-rs/keyring')> | undefined;
const entry = async (account: string): Promise<AsyncEntry> => {
  try {
    const { AsyncEntry } = await (binding ??= import('@napi-rs/keyring'));
    return new AsyncEntry(KEYCHAIN_SERVICE, account, { linux: { store: 'secret-service' } });
  } catch (err) {
    throw new KeychainUnavailable((err as Error).message);
  }
};

/** Any failure of the keychain itself (no D-Bus, locked, no Secret Service) is the one clear refusal. */
async function guarded<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof KeychainUnavailable) throw err;
    throw new KeychainUnavailable((err as Error).message);
  }
}

export const osKeychain: Keychain = {
  get: (account) => guarded(async () => (await (await entry(account)).getPassword()) ?? undefined),
  set: (account, value) => guarded(async () => (await entry(account)).setPassword(value)),
  delete: (account) => guarded(async () => (await entry(account)).deletePassword()),
};

/** Whether a keychain answers now (a read of an entry that need not exist). */
export async function keychainStatus(keychain: Keychain = osKeychain): Promise<{ available: boolean; message: string | null }> {
  try {
    await keychain.get('probe');
    return { available: true, message: null };
  } catch (err) {
    return { available: false, message: err instanceof KeychainUnavailable ? KEYCHAIN_MISSING : (err as Error).message };
  }
}
