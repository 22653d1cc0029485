import { reportToStderr, type Report } from '../report.ts';
import { AgentStore } from './agents.ts';
import { BrainRecords } from './brain-records.ts';
import { openDb, type Db } from './db.ts';
import { EnvironmentStore } from './environments.ts';
import { EventLog } from './events.ts';
import { FileStore } from './files.ts';
import { Previews } from './previews.ts';
import { SessionStore } from './sessions.ts';
import { SkillStore } from './skills.ts';
import { Settings, VaultStore } from './vaults.ts';

import type { BetaManagedAgentsAgent as Agent } from '@anthropic-ai/sdk/resources/beta/agents/agents';
import type { BetaManagedAgentsSessionAgent as SessionAgent } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { SessionRow } from './sessions.ts';

export { StoreVersionError } from './db.ts';
export type { NewEvent, SessionEvent, StoredEvent } from './events.ts';

export interface StoreOptions {
  /** Where a failing event listener is reported (it never fails the append). Default: stderr. */
  report?: Report;
}

/** The SQLite store: one file, one writer connection, one object per table family. */
export class Store {
  readonly agents: AgentStore;
  readonly environments: EnvironmentStore;
  readonly sessions: SessionStore;
  readonly events: EventLog;
  readonly brain: BrainRecords;
  readonly files: FileStore;
  readonly skills: SkillStore;
  /** Events still being produced, for live subscribers only (never stored). */
  readonly previews = new Previews();
  readonly vaults: VaultStore;
  readonly settings: Settings;

  constructor(
    readonly db: Db,
    { report = reportToStderr }: StoreOptions = {},
  ) {
    this.brain = new BrainRecords(db);
    this.agents = new AgentStore(db);
    this.environments = new EnvironmentStore(db);
    this.sessions = new SessionStore(db);
    this.events = new EventLog(db, report);
    this.vaults = new VaultStore(db);
    this.settings = new Settings(db);
    this.files = new FileStore(db);
    this.skills = new SkillStore(db);
  }

  static open(file: string, opts?: StoreOptions): Store {
    return new Store(openDb(file), opts);
  }

  /**
   * The agent a session runs: the version it pinned, with the session's own tool / MCP server
   * replacements. Undefined if the session does not exist.
   */
  sessionAgent(sessionId: string): SessionAgent | undefined {
    const s = this.sessions.get(sessionId);
    return s && this.agentOfSession(s);
  }

  /** `sessionAgent` for a session row in hand; `versions` shares agent versions across the rows of a list. */
  agentOfSession(s: SessionRow, versions?: Map<string, Agent | undefined>): SessionAgent | undefined {
    const key = `${s.agent_id}@${s.agent_version}`;
    const a = versions?.has(key) ? versions.get(key) : this.agents.get(s.agent_id, s.agent_version);
    versions?.set(key, a);
    if (!a) return undefined;
    return {
      type: 'agent',
      id: a.id,
      version: a.version,
      name: a.name,
      description: a.description,
      system: s.body.agent_overrides.system !== undefined ? s.body.agent_overrides.system : a.system,
      model: s.body.agent_overrides.model ?? a.model,
      tools: s.body.agent_overrides.tools ?? a.tools,
      mcp_servers: s.body.agent_overrides.mcp_servers ?? a.mcp_servers,
      skills: s.body.agent_overrides.skills ?? a.skills,
      execution_identity: a.execution_identity,
      multiagent: a.multiagent as SessionAgent['multiagent'],
    };
  }

  /** SQLite's own consistency check: 'ok' when the file is sound. */
  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  close(): void {
    this.db.close();
  }
}
