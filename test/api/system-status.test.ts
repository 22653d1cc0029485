// `system.status` (GET /v1/dockhand/status): how core runs, as the app's status bar and settings show
// it. Whether a model key is set, never the key.
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import type { SystemStatus } from '../../electron/core/api/system.ts';
import { brainRig, say } from '../support/brain.ts';
import { sessionParts, shutDown } from '../support/fixtures.ts';
import { reply } from '../support/scripted-model/index.ts';
import { serve, tempDir, type Served } from '../support/serve.ts';

const MODEL_KEY = 'sk-ant-status-test-secret-0123456789';
const servers: Served[] = [];
afterAll(async () => {
  for (const s of servers) await shutDown(s);
});

async function statusOf(opts: Parameters<typeof serve>[0]): Promise<{ status: SystemStatus; raw: string; server: Served }> {
  const server = await serve(opts);
  servers.push(server);
  const res = await fetch(`${server.url}/v1/dockhand/status`, { headers: { 'x-api-key': server.apiKey } });
  expect(res.status).toBe(200);
  const raw = await res.text();
  return { status: JSON.parse(raw) as SystemStatus, raw, server };
}

/** Whether this machine's Docker engine answers, and its version (the status must agree). */
const engine = () =>
  new Docker()
    .version()
    .then((v) => v.Version)
    .catch(() => null);

describe('system.status', () => {
  it('reports the hands, the model connection without its key, the API address and the data directory', async () => {
    const dataDir = tempDir();
    const { status, raw, server } = await statusOf({ dataDir, brain: true, env: { ANTHROPIC_API_KEY: MODEL_KEY, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' } });
    expect(raw).not.toContain(MODEL_KEY);
    expect(raw).not.toContain(server.apiKey);
    expect(status.hands).toEqual({ kind: 'none', reason: expect.stringContaining('Tools are off') });
    expect(status.model).toMatchObject({ brain: true, key_set: true, key_source: 'environment', base_url: 'http://127.0.0.1:9' });
    expect(status.api).toEqual({ address: server.url, rotatable: true });
    expect(status.model.last_error).toBeNull();
    expect(status.data_dir).toBe(dataDir);
    expect(status.sandboxes).toBeNull();
  });

  it('says when no model key is set and the brain is off', async () => {
    const { status } = await statusOf({ env: { ANTHROPIC_API_KEY: '' } });
    expect(status.model).toMatchObject({ brain: false, key_set: false, key_source: 'none' });
  });

  it('reports the Docker engine as this machine has it', async () => {
    const version = await engine();
    const { status } = await statusOf({});
    if (version) expect(status.docker).toMatchObject({ state: 'running', version, error: null });
    else expect(status.docker).toMatchObject({ state: 'unreachable', version: null, error: expect.any(String) });
  });

  it('reports an engine that does not answer, and where it was looked for', async () => {
    const { status } = await statusOf({ env: { DOCKER_HOST: `unix://${tempDir()}/no-docker.sock` } });
    expect(status.docker).toMatchObject({ state: 'unreachable', address: expect.stringContaining('no-docker.sock'), version: null, error: expect.any(String) });
  });

  it('reports the Docker hands and their sandboxes', async () => {
    const { status } = await statusOf({ args: ['--hands', 'docker', '--max-sandboxes', '3'] });
    expect(status.hands).toEqual({ kind: 'docker', reason: expect.stringContaining('Docker sandboxes') });
    expect(status.sandboxes).toEqual({ running: 0, cap: 3 });
  });

  it('rotates the local API key: the new one is answered once, the old one stops working at once', async () => {
    const { server } = await statusOf({});
    const old = server.client();
    const res = await fetch(`${server.url}/v1/dockhand/api-key`, { method: 'POST', headers: { 'x-api-key': server.apiKey, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    const { api_key } = (await res.json()) as { api_key: string };
    expect(api_key.length).toBeGreaterThanOrEqual(32);
    expect(api_key).not.toBe(server.apiKey);
    await expect(old.beta.agents.list()).rejects.toMatchObject({ status: 401 });
    await expect(server.client({ apiKey: api_key }).beta.agents.list()).resolves.toBeDefined();
    // Nothing else ever shows it.
    const status = await fetch(`${server.url}/v1/dockhand/status`, { headers: { 'x-api-key': api_key } });
    expect(await status.text()).not.toContain(api_key);
  });

  it('says when the model refused the key, until a request succeeds', async () => {
    const rig = await brainRig();
    try {
      const { agent, environment } = await sessionParts(rig.client);
      const session = await rig.client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
      const refused = { kind: 'http_error', status: 401, errorType: 'authentication_error', message: 'invalid x-api-key' } as const;
      rig.model.enqueue(refused);
      const stream = await rig.client.beta.sessions.events.stream(session.id);
      await rig.client.beta.sessions.events.send(session.id, { events: [say('hello')] });
      for await (const e of stream) if (e.type === 'session.status_idle') break;
      const read = async () => ((await (await fetch(`${rig.server.url}/v1/dockhand/status`, { headers: { 'x-api-key': rig.server.apiKey } })).json()) as SystemStatus).model.last_error;
      expect(await read()).toMatchObject({ auth: true, session_id: session.id, message: expect.stringContaining('401') });

      rig.model.enqueue(reply('Hello again.'));
      const again = await rig.client.beta.sessions.events.stream(session.id);
      await rig.client.beta.sessions.events.send(session.id, { events: [say('and now?')] });
      for await (const e of again) if (e.type === 'session.status_idle') break;
      expect(await read()).toBeNull();
    } finally {
      await rig.close();
    }
  });
});
