import Database from 'better-sqlite3';
import { migrations as allMigrations, type Migration } from './migrations/index.ts';

export type Db = Database.Database;

/** Raised instead of opening a database written by a newer Dockhand: never downgrade in place. */
export class StoreVersionError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `This database was written by a newer version of Dockhand (schema ${found}; this build knows up to ${known}). ` +
        'Open it with a newer Dockhand, or choose another data directory.',
    );
    this.name = 'StoreVersionError';
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the migrations not yet applied, each in its own transaction. */
export function migrate(db: Db, migrations: readonly Migration[] = allMigrations): void {
  const current = schemaVersion(db);
  if (current > migrations.length) throw new StoreVersionError(current, migrations.length);
  for (let v = current; v < migrations.length; v++) {
    const m = migrations[v]!;
    db.transaction(() => {
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/**
 * Opens (creating if needed) the SQLite store. WAL lets readers run beside the one writer;
 * synchronous=FULL makes an acknowledged append durable even if the machine loses power.
 */
export function openDb(file: string): Db {
  const db = new Database(file);
  try {
    // Refuse a newer schema before anything (even the journal mode) is written to the file.
    const found = schemaVersion(db);
    if (found > allMigrations.length) throw new StoreVersionError(found, allMigrations.length);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
