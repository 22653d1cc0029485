// Fork: a new session whose log starts with a copy of another's up to one of its events, then runs
// live. The brain wakes it from that state without asking the model again for the copied part: the
// recorded model responses and compactions come along with the events they belong to. Tool runs do
// not: the fork's sandbox starts fresh, so a call copied without its result runs again there.
import type { Services } from '../api/contract.ts';
import { invalid } from '../api/errors.ts';
import type { RecordedResponse } from '../brain/state.ts';
import type { Store } from '../store/index.ts';
import { newId, now } from '../store/ids.ts';
import type { SessionSecrets } from '../vault/session-secrets.ts';
import { copyOf } from './event-copy.ts';
import { sessionReader } from './sessions.ts';

const CHUNK = 1000;

export function forkServices(store: Store, secrets: SessionSecrets): Pick<Services, 'sessions.fork'> {
  const { row, toResource } = sessionReader(store);

  return {
    async 'sessions.fork'({ session_id, event_id, title, metadata }) {
      const from = row(session_id);
      const at = store.events.locate(event_id);
      if (!at || at.session_id !== session_id) throw invalid(`event ${event_id} is not in session ${session_id}`);
      const when = now();
      const id = newId('sesn');
      // Memory stores are named by their own id; files and repositories get the fork's own resource ids.
      const resources = from.body.resources.map((r) => ('id' in r ? { old: r.id, resource: { ...r, id: newId('sesrsc'), created_at: when, updated_at: when } } : { old: undefined, resource: r }));
      // Repository tokens are copied in the keychain first (the fork clones with them into its fresh sandbox).
      const tokenResources: string[] = [];
      for (const { old, resource } of resources) {
        const token = old && 'id' in resource && from.body.token_resources?.includes(old) ? await secrets.get(session_id, old) : undefined;
        if (!token || !('id' in resource)) continue;
        await secrets.set(id, resource.id, token);
        tokenResources.push(resource.id);
      }
      try {
        store.db.transaction(() => {
          store.sessions.insert({
            id,
            agent_id: from.agent_id,
            agent_version: from.agent_version,
            environment_id: from.environment_id,
            body: {
              title: title !== undefined ? title : from.body.title ? `${from.body.title} (fork)` : null,
              metadata: metadata ?? from.body.metadata,
              resources: resources.map((r) => r.resource),
              vault_ids: from.body.vault_ids,
              agent_overrides: from.body.agent_overrides,
              origin: { type: 'fork', session_id, event_id },
              token_resources: tokenResources,
            },
            created_at: when,
            updated_at: when,
            archived_at: null,
          });
          const ids = new Map<string, string>();
          for (let seq = 0; seq < at.seq; ) {
            const batch = store.events.after(session_id, seq, Math.min(CHUNK, at.seq - seq));
            if (!batch.length) break;
            store.events.append(id, batch.map((s) => copyOf(s.event, ids)));
            for (const { event: e } of batch) {
              // What the brain recorded beside the log, keyed by the copied event it belongs to.
              if (e.type === 'span.model_request_end' && !e.is_error) {
                const r = store.brain.response<RecordedResponse>(session_id, e.model_request_start_id);
                if (r) store.brain.putResponse(id, ids.get(e.model_request_start_id)!, { ...r, calls: r.calls.map((c) => ({ ...c, eventId: ids.get(c.eventId) ?? c.eventId })) });
              }
              if (e.type === 'agent.thread_context_compacted') {
                const c = store.brain.response(session_id, e.id);
                if (c) store.brain.putResponse(id, ids.get(e.id)!, c);
              }
            }
            seq = batch.at(-1)!.seq;
          }
        })();
      } catch (err) {
        await secrets.forget(id, tokenResources);
        throw err;
      }
      return toResource(row(id));
    },
  };
}
