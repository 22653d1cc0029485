// The renderer's HTTP transport (what the page uses in `serve` mode), run in Node against a real
// `dockhand serve` process: calls by contract name, errors as DockhandError, and the SSE
// subscription, including its resumption across a server restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockhandError } from '../../renderer/src/data/errors.ts';
import { httpClient } from '../../renderer/src/data/transports/http.ts';
import { serve, type Served } from '../support/serve.ts';

// User messages wake the brain: keep its model requests on loopback, at a port nobody serves.
const MODEL_ENV = { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9', ANTHROPIC_API_KEY: 'unused' };
let server: Served;
beforeAll(async () => {
  server = await serve({ env: MODEL_ENV });
});
afterAll(async () => {
  await server?.stop();
});

const until = async (check: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  expect(check()).toBe(true);
};
const message = (text: string) => ({ type: 'user.message' as const, content: [{ type: 'text' as const, text }] });

describe('the renderer’s HTTP client', () => {
  it('calls operations by contract name and raises the API’s errors', async () => {
    const client = httpClient(server.url, server.apiKey);
    const env = await client.call('environments.create', { name: 'http-client-env' });
    expect((await client.call('environments.retrieve', { environment_id: env.id })).name).toBe('http-client-env');

    const conflict = await client.call('environments.create', { name: 'http-client-env' }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(DockhandError);
    expect(conflict).toMatchObject({ type: 'conflict_error', status: 409 });
    await expect(client.call('agents.create', { name: 'x' } as never)).rejects.toMatchObject({ type: 'invalid_request_error', status: 400 });
    await expect(httpClient(server.url, 'wrong').call('agents.list', {})).rejects.toMatchObject({ type: 'authentication_error', status: 401 });
  });

  it('streams a session’s events and resumes after a server restart without loss or repeats', async () => {
    const client = httpClient(server.url, server.apiKey);
    const sdk = server.client();
    const agent = await sdk.beta.agents.create({ name: 'streamer', model: 'claude-sonnet-4-6' });
    const env = await sdk.beta.environments.create({ name: 'http-stream-env' });
    const session = await sdk.beta.sessions.create({ agent: agent.id, environment_id: env.id });
    const send = (text: string) => sdk.beta.sessions.events.send(session.id, { events: [message(text)] });

    const seen: string[] = [];
    const ids = new Set<string>();
    const stop = client.subscribe('events.stream', { session_id: session.id }, {
      onItem: (item, id) => {
        ids.add(id);
        if (item.type === 'user.message') seen.push((item.content[0] as { text: string }).text);
      },
    });
    try {
      await new Promise((r) => setTimeout(r, 300));
      await send('one');
      await send('two');
      await until(() => seen.length === 2);

      // Restart on the same port and data: the client reconnects with `after` the last event it saw.
      const { port, dataDir, apiKey } = server;
      await server.stop();
      server = await serve({ port, dataDir, apiKey, env: MODEL_ENV });
      await server.client().beta.sessions.events.send(session.id, { events: [message('three')] });
      await until(() => seen.length === 3);
      await server.client().beta.sessions.events.send(session.id, { events: [message('four')] });
      await until(() => seen.length === 4);
      expect(seen).toEqual(['one', 'two', 'three', 'four']);
      expect([...ids].every((id) => id.startsWith('sevt_'))).toBe(true);
    } finally {
      stop();
    }
  });

  it('reports a subscription to an unknown session and stops', async () => {
    const errors: DockhandError[] = [];
    httpClient(server.url, server.apiKey).subscribe('events.stream', { session_id: 'sesn_nothere1' }, { onItem: () => {}, onError: (e) => errors.push(e) });
    await until(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ type: 'not_found_error', status: 404 });
  });
});
