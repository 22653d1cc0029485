// The sandbox panel's operations on the real engine: a session's sandbox state (none yet, provisioning,
// running, stopped), and its outputs folder listed and downloaded, without ever following what the
// agent put there out of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import type { OutputFile, OutputList, SessionSandbox } from '../../electron/core/api/sandbox.ts';
import { brainRig, say, turn, type BrainRig } from '../support/brain.ts';
import { expectApiError } from '../support/fixtures.ts';
import { reply, toolUse } from '../support/scripted-model/index.ts';
import { baseImage, containersOf, docker, engineUp, rig as providerRig, type Rig } from './sandbox-rig.ts';

describe.skipIf(!engineUp)('a session’s sandbox and outputs through the API (skipped: no Docker engine answers)', () => {
  let r: BrainRig;
  beforeAll(async () => {
    await baseImage();
    r = await brainRig({ args: ['--hands', 'docker'] });
  });
  afterAll(async () => r?.close());

  const sandbox = (id: string) => r.client.get<SessionSandbox>(`/v1/sessions/${id}/sandbox`);
  const list = (id: string) => r.client.get<OutputList>(`/v1/sessions/${id}/outputs`);
  const download = (id: string, path: string) => r.client.get<OutputFile>(`/v1/sessions/${id}/outputs/file`, { query: { path } });

  it('none before the first tool call, running after it; the outputs listed and downloaded, links and special files never followed', async () => {
    const agent = await r.client.beta.agents.create({ name: 'writer', model: 'claude-sonnet-4-6', tools: [{ type: 'agent_toolset_20260401' }] });
    const env = await r.client.beta.environments.create({ name: `env-${Math.random()}` });
    const s = await r.client.beta.sessions.create({ agent: agent.id, environment_id: env.id });

    expect(await sandbox(s.id)).toMatchObject({ type: 'session_sandbox', session_id: s.id, provider: 'docker', state: 'none', container: null, outputs_path: '/mnt/session/outputs' });
    expect((await sandbox(s.id)).limits).toMatchObject({ memory_bytes: expect.any(Number), cpus: expect.any(Number), pids: expect.any(Number) });
    expect(await list(s.id)).toEqual({ data: [], truncated: false });

    const out = '/mnt/session/outputs';
    r.model.enqueue(
      reply([
        toolUse('bash', {
          command: [
            `mkdir -p ${out}/reports && printf 'quarterly numbers\\n' > ${out}/reports/q3.txt`,
            `head -c 3000 /dev/urandom > ${out}/blob.bin`,
            `ln -s /etc/hostname ${out}/escape-file && ln -s / ${out}/escape-dir && mkfifo ${out}/pipe`,
          ].join(' && '),
        }),
      ]),
      reply('written'),
    );
    const { idle } = await turn(r.client, s.id, [say('write some outputs')]);
    expect(idle.stop_reason.type).toBe('end_turn');

    const running = await sandbox(s.id);
    const [container] = await containersOf(s.id);
    expect(running).toMatchObject({ state: 'running', container: { id: container!.Id, image: container!.Image, name: expect.stringContaining(s.id) } });
    expect(Date.parse(running.container!.started_at!)).not.toBeNaN();

    // Only the regular files, with paths relative to the folder; the links and the FIFO are left out.
    const listed = await list(s.id);
    expect(listed.truncated).toBe(false);
    expect(listed.data.map((f) => [f.path, f.size])).toEqual([
      ['blob.bin', 3000],
      ['reports/q3.txt', 18],
    ]);
    const q3 = await download(s.id, 'reports/q3.txt');
    expect(q3).toMatchObject({ type: 'output_file', path: 'reports/q3.txt', size: 18, encoding: 'base64' });
    expect(Buffer.from(q3.data, 'base64').toString()).toBe('quarterly numbers\n');
    expect(Buffer.from((await download(s.id, 'blob.bin')).data, 'base64')).toHaveLength(3000);

    // What the agent made to lead a read out of the folder is refused; so are paths that try to leave it.
    await expectApiError(download(s.id, 'escape-file'), Anthropic.NotFoundError, 404, 'not_found_error');
    await expectApiError(download(s.id, 'escape-dir/etc/hostname'), Anthropic.NotFoundError, 404, 'not_found_error');
    await expectApiError(download(s.id, 'pipe'), Anthropic.BadRequestError, 400, 'invalid_request_error');
    await expectApiError(download(s.id, 'reports'), Anthropic.BadRequestError, 400, 'invalid_request_error');
    await expectApiError(download(s.id, 'missing.txt'), Anthropic.NotFoundError, 404, 'not_found_error');
    for (const bad of ['../../dockhand.db', '/etc/passwd', 'reports/../../x', './blob.bin', 'a\\b'])
      await expectApiError(download(s.id, bad), Anthropic.BadRequestError, 400, 'invalid_request_error');

    // Its container gone (killed from outside), the sandbox is stopped; the outputs are still there.
    await docker.getContainer(container!.Id).kill();
    expect((await sandbox(s.id)).state).toBe('stopped');
    expect((await list(s.id)).data).toHaveLength(2);
  });
});

describe.skipIf(!engineUp)('the Docker provider’s inspect (skipped: no Docker engine answers)', () => {
  let p: Rig;
  let open!: () => void;
  beforeAll(async () => {
    const image = await baseImage();
    const gate = new Promise<void>((resolve) => (open = resolve));
    // The image step waits for the test: the sandbox is caught while it is being provisioned.
    p = providerRig({ imageFor: async () => (await gate, image) });
  });
  afterAll(async () => p?.close());

  it('none, provisioning, running, stopped (container gone), and stopped after release', async () => {
    const id = `sesn_inspect${process.pid}`;
    expect((await p.provider.inspect(id)).state).toBe('none');
    const call = p.provider.forSession(id).execute('bash', { command: 'echo hi' });
    expect(await p.provider.inspect(id)).toMatchObject({ state: 'provisioning', container: null });
    open();
    expect(await call).toBe('hi');
    expect((await p.provider.inspect(id)).state).toBe('running');
    await p.provider.release(id);
    expect(await p.provider.inspect(id)).toMatchObject({ state: 'stopped', container: null });
  });
});
