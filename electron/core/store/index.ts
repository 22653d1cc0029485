import { AgentStore } from './agents.ts';
import { openDb, type Db } from './db.ts';
import { EnvironmentStore } from './environments.ts';
import { EventLog } from './events.ts';
import { SessionStore } from './sessions.ts';

export { StoreVersionError } from './db.ts';
export type { NewEvent, SessionEvent, StoredEvent } from './events.ts';

/** The SQLite store: one file, one writer connection, one object per table family. */
export class Store {
  readonly agents: AgentStore;
  readonly environments: EnvironmentStore;
  readonly sessions: SessionStore;
  readonly events: EventLog;

  constructor(readonly db: Db) {
    this.agents = new AgentStore(db);
    this.environments = new EnvironmentStore(db);
    this.sessions = new SessionStore(db);
    this.events = new EventLog(db);
  }

  static open(file: string): Store {
    return new Store(openDb(file));
  }

  /** SQLite's own consistency check: 'ok' when the file is sound. */
  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  close(): void {
    this.db.close();
  }
}
