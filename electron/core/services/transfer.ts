// Export and import of a session's log as JSONL: a header line (the session, the agent version it
// ran, its environment), then one official event per line. An imported log becomes a read-only
// session that replays like any other; every line is checked with the API's schemas first, and the
// whole import is one transaction, so a bad file stores nothing.
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import type { BetaEnvironment } from '@anthropic-ai/sdk/resources/beta/environments/environments';
import type { Services } from '../api/contract.ts';
import { invalid } from '../api/errors.ts';
import type { AgentCreate } from '../api/schemas/agents.ts';
import { ExportHeader, type SessionExportHeader } from '../api/schemas/session-transfer.ts';
import { StoredEvent, STORED_EVENT_TYPES } from '../api/schemas/session-events.ts';
import { describeIssues, MAX_DEPTH, nestsDeeperThan } from '../api/validate.ts';
import type { SessionEvent, Store } from '../store/index.ts';
import { newId, now } from '../store/ids.ts';
import { resolveConfig } from './agent-config.ts';
import { copyOf, referencesOf } from './event-copy.ts';
import { sessionReader } from './sessions.ts';

type TransferServices = Pick<Services, 'sessions.export' | 'sessions.import'>;

const CHUNK = 1000;
/** What a session's agent snapshot holds: compared to decide whether an agent version here is the same one. */
const AGENT_KEYS = ['name', 'description', 'system', 'model', 'tools', 'mcp_servers', 'skills', 'execution_identity', 'multiagent'] as const;

/** The header and events of a JSONL export, each line checked; the first bad line is named in the error. */
function parseExport(jsonl: string): { header: SessionExportHeader; events: SessionEvent[] } {
  const lines = jsonl.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const line = (i: number): unknown => {
    const text = lines[i]!.replace(/\r$/, '');
    if (!text.trim()) throw invalid(`line ${i + 1}: empty line`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw invalid(`line ${i + 1}: not valid JSON`);
    }
    if (nestsDeeperThan(value, MAX_DEPTH)) throw invalid(`line ${i + 1}: nests deeper than ${MAX_DEPTH} levels`);
    return value;
  };

  const header = ExportHeader.safeParse(line(0));
  if (!header.success) throw invalid(`line 1 (the header): ${describeIssues(header.error.issues)}`);
  const events: SessionEvent[] = [];
  const lineOf = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const raw = line(i);
    const type = (raw as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !STORED_EVENT_TYPES.has(type)) throw invalid(`line ${i + 1}: ${JSON.stringify(type ?? null)} is not a session event type Dockhand can import`);
    const parsed = StoredEvent.safeParse(raw);
    if (!parsed.success) throw invalid(`line ${i + 1} (${type}): ${describeIssues(parsed.error.issues)}`);
    const e = parsed.data as SessionEvent;
    const twice = lineOf.get(e.id);
    if (twice) throw invalid(`line ${i + 1}: event id ${e.id} is already used on line ${twice}`);
    for (const ref of referencesOf(e)) if (!lineOf.has(ref)) throw invalid(`line ${i + 1} (${type}): ${ref} names no event on an earlier line`);
    lineOf.set(e.id, i + 1);
    events.push(e);
  }
  return { header: header.data, events };
}

export function transferServices(store: Store): TransferServices {
  const { row, toResource } = sessionReader(store);

  /** The agent version the log ran, when this store has it unchanged; else a copy of it, archived (it exists to show what ran). */
  function agentFor(snapshot: SessionExportHeader['agent'], at: string): { id: string; version: number } {
    let config;
    try {
      config = resolveConfig(snapshot as z.output<typeof AgentCreate>);
    } catch (err) {
      throw invalid(`line 1 (the header): agent: ${(err as Error).message}`);
    }
    const here = store.agents.get(snapshot.id, snapshot.version);
    if (here && AGENT_KEYS.every((k) => isDeepStrictEqual(here[k], config[k]))) return { id: here.id, version: here.version };
    const id = newId('agent');
    store.agents.insert({ id, type: 'agent', ...config, metadata: {}, version: 1, created_at: at, updated_at: at, archived_at: at });
    return { id, version: 1 };
  }

  /** The environment the log ran in, when this store has it unchanged; else a copy of it, archived. */
  function environmentFor(snapshot: SessionExportHeader['environment'], at: string): string {
    const here = store.environments.get(snapshot.id);
    if (here && isDeepStrictEqual(here.config, snapshot.config)) return here.id;
    const env = { ...snapshot, id: newId('env'), created_at: at, updated_at: at, archived_at: at } as BetaEnvironment;
    store.environments.insert(env);
    return env.id;
  }

  return {
    async 'sessions.export'({ session_id }) {
      const s = row(session_id);
      const header: SessionExportHeader = {
        type: 'dockhand.session_export',
        format_version: 1,
        exported_at: now(),
        session: { id: s.id, title: s.body.title, metadata: s.body.metadata, created_at: s.created_at },
        agent: store.sessionAgent(session_id)! as SessionExportHeader['agent'],
        environment: store.environments.get(s.environment_id)! as SessionExportHeader['environment'],
      };
      // Read without awaiting in between: the export is the log at one instant.
      const lines = [JSON.stringify(header)];
      for (let batch = store.events.after(session_id, 0, CHUNK); batch.length; batch = store.events.after(session_id, batch.at(-1)!.seq, CHUNK)) {
        for (const { event } of batch) lines.push(JSON.stringify(event));
      }
      return lines.join('\n') + '\n';
    },

    async 'sessions.import'({ jsonl, title }) {
      const { header, events } = parseExport(jsonl);
      const at = now();
      const id = newId('sesn');
      store.db.transaction(() => {
        const agent = agentFor(header.agent, at);
        store.sessions.insert({
          id,
          agent_id: agent.id,
          agent_version: agent.version,
          environment_id: environmentFor(header.environment, at),
          body: {
            title: title !== undefined ? title : header.session.title,
            metadata: header.session.metadata,
            resources: [],
            vault_ids: [],
            agent_overrides: {},
            origin: { type: 'import', session_id: header.session.id },
          },
          created_at: at,
          updated_at: at,
          archived_at: null,
        });
        const ids = new Map<string, string>();
        for (let i = 0; i < events.length; i += CHUNK) store.events.append(id, events.slice(i, i + CHUNK).map((e) => copyOf(e, ids)));
      })();
      return toResource(row(id));
    },
  };
}
