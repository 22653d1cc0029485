import type { Migration } from './index.ts';

// Vaults and their credentials: metadata only, in the official response shapes (never a secret value,
// which lives in the OS keychain). `settings` holds small facts about this installation (its keychain id).
export const m003Vault: Migration = {
  name: 'vault',
  up: `
    CREATE TABLE vaults (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      body TEXT NOT NULL CHECK (json_valid(body)),
      archived_at TEXT
    );

    CREATE TABLE credentials (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      vault_id TEXT NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
      body TEXT NOT NULL CHECK (json_valid(body)),
      archived_at TEXT
    );
    CREATE INDEX credentials_vault ON credentials(vault_id, seq);

    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
  `,
};
