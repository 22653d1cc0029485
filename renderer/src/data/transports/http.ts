import type { Result, StreamMethod } from '../../../../electron/core/api/contract.ts';
import type { Client } from '../client.ts';
import { DockhandError } from '../errors.ts';
import { readSse } from './sse.ts';

// The SSE route of each stream operation, as in the contract (the renderer may import only its
// types, so the path is repeated here; the Record makes a new stream operation fail to compile).
const STREAM_ROUTES: Record<StreamMethod, `${'GET' | 'POST'} ${string}`> = {
  'events.stream': 'GET /v1/sessions/:session_id/events/stream',
  'environments.build': 'POST /v1/environments/:environment_id/build',
  'changes.stream': 'GET /v1/dockhand/changes',
};

/** Fills `:params` from the input; every other field goes to the query string (`key[]=` for lists). */
function streamUrl(route: string, input: Record<string, unknown>): string {
  const rest = { ...input };
  const path = route.replace(/:([a-z_]+)/g, (_m, name: string) => {
    const value = String(rest[name] ?? '');
    delete rest[name];
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(rest)) {
    if (Array.isArray(value)) value.forEach((v) => query.append(`${key}[]`, String(v)));
    else if (value !== undefined && value !== null) query.set(key, String(value));
  }
  return query.size ? `${path}?${query}` : path;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** The contract over the local HTTP API: `POST /dockhand/call/{method}`, and SSE for streams. */
export function httpClient(baseUrl: string, apiKey: string): Client {
  const headers = { 'x-api-key': apiKey };

  const failure = async (res: Response) => DockhandError.fromEnvelope(await res.json().catch(() => null), res.status);

  return {
    transport: 'http',

    async call(method, input) {
      let res: Response;
      try {
        res = await fetch(`${baseUrl}/dockhand/call/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        throw new DockhandError('network_error', 'the local API cannot be reached');
      }
      if (!res.ok) throw await failure(res);
      return (await res.json()) as Result<typeof method>;
    },

    // EventSource cannot send the key header, so the stream is read with fetch. A dropped connection
    // is resumed after the last event seen (`after`), so no event is missed or repeated; a stream the
    // server ends on purpose is not reopened.
    subscribe(method, input, { onItem, onError, onState }) {
      const controller = new AbortController();
      const { signal } = controller;
      let after = (input as { after?: string }).after;
      void (async () => {
        for (let attempt = 0; !signal.aborted; attempt++) {
          try {
            const [verb, route] = STREAM_ROUTES[method].split(' ') as [string, string];
            const res = await fetch(baseUrl + streamUrl(route, { ...input, after }), { method: verb, headers, signal });
            if (!res.ok || !res.body) throw await failure(res);
            attempt = 0;
            onState?.('open');
            for await (const frame of readSse(res.body)) {
              if (frame.event === 'ping') continue;
              if (frame.id) after = frame.id;
              onItem(JSON.parse(frame.data), frame.id ?? '');
            }
            // The server ended the stream itself (its last item was sent): nothing more will come.
            return;
          } catch (err) {
            if (signal.aborted) return;
            // A client error (unknown session, bad key) will not heal by retrying.
            if (err instanceof DockhandError && err.status !== undefined && err.status < 500) return onError?.(err);
            onState?.('retrying', err instanceof DockhandError ? err : new DockhandError('network_error', 'the local API cannot be reached'));
          }
          await sleep(Math.min(500 * 2 ** attempt, 10_000), signal);
        }
      })();
      return () => controller.abort();
    },
  };
}
