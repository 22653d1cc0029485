// The real OS keychain for tests: whether one answers, and what Dockhand filed in it for a data directory.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AsyncEntry } from '@napi-rs/keyring';
import { KEYCHAIN_SERVICE, keychainStatus } from '../../electron/core/vault/keychain.ts';
import { neededInCi } from './ci.ts';

export const keychainUp = neededInCi((await keychainStatus()).available, 'no OS keychain answers (run under dbus-run-session with gnome-keyring unlocked, as .ci/run does)');

/** The installation id a data directory files its secrets under (read from its store, read-only). */
export function installationOf(dataDir: string): string {
  const db = new Database(join(dataDir, 'dockhand.db'), { readonly: true });
  try {
    return (db.prepare("SELECT value FROM settings WHERE key = 'installation_id'").get() as { value: string }).value;
  } finally {
    db.close();
  }
}

/** What the keychain holds for a data directory's secret `key` (e.g. `model-api-key`, `credential/vcrd_...`), read past Dockhand. */
export async function keychainValue(dataDir: string, key: string): Promise<string | null> {
  return new AsyncEntry(KEYCHAIN_SERVICE, `${installationOf(dataDir)}/${key}`, { linux: { store: 'secret-service' } }).getPassword();
}

/** An environment in which no keychain answers: a D-Bus session address nothing listens on. */
export const NO_KEYCHAIN_ENV = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/dockhand-no-bus' };
