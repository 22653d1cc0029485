// `environments.build`, the Dockhand extension that makes an environment's image and streams its progress,
// through a real `serve --hands docker` child and the real engine. The official SDK has no method for it, so
// the stream is read with fetch, as the renderer's HTTP transport reads it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnvironmentBuildEvent, EnvironmentBuildProgress } from '../../electron/core/api/environment-build.ts';
import { ENV_REPO } from '../../electron/core/hands/docker/images.ts';
import { readSse } from '../../renderer/src/data/transports/sse.ts';
import { serve, type Served } from '../support/serve.ts';
import { baseImage, docker, engineUp } from './sandbox-rig.ts';

const envTags = async () => new Set((await docker.listImages({ filters: { reference: [ENV_REPO] } })).flatMap((i) => i.RepoTags ?? []));

/** POSTs the build and reads the whole stream: it must end by itself after its last item. */
async function build(server: Served, environmentId: string): Promise<{ status: number; events: EnvironmentBuildEvent[]; body?: unknown }> {
  const res = await fetch(`${server.url}/v1/environments/${environmentId}/build`, { method: 'POST', headers: { 'x-api-key': server.apiKey } });
  if (!res.ok) return { status: res.status, events: [], body: await res.json() };
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: EnvironmentBuildEvent[] = [];
  for await (const frame of readSse(res.body!)) {
    if (frame.event === 'ping') continue;
    const item = JSON.parse(frame.data) as EnvironmentBuildEvent;
    expect(frame.event).toBe(item.type);
    events.push(item);
  }
  return { status: res.status, events };
}

const progressOf = (events: EnvironmentBuildEvent[]) => events.filter((e): e is EnvironmentBuildProgress => e.type === 'environment.build_progress');

describe.skipIf(!engineUp)('environments.build with Docker hands (skipped: no Docker engine answers)', () => {
  let server: Served;
  let before: Set<string>;
  const created: string[] = [];

  beforeAll(async () => {
    await baseImage(); // built once per machine; this test is about the environment's own image
    before = await envTags();
    server = await serve({ args: ['--hands', 'docker'] });
  });
  afterAll(async () => {
    await server?.stop();
    // Only images this test made: a cache other tests or sessions already had stays.
    for (const tag of created) if (!before.has(tag)) await docker.getImage(tag).remove().catch(() => undefined);
  });

  it('builds an apt environment with ordered progress to 100, completes with its tag and ends; a second build is cached', async () => {
    const client = server.client();
    // jq with a package no other test installs, so this test sees a real build and can remove what it made.
    const env = await client.beta.environments.create({ name: `build-${Date.now()}`, config: { type: 'cloud', packages: { apt: ['jq', 'tree'] } } });

    const first = await build(server, env.id);
    expect(first.status).toBe(200);
    const last = first.events.at(-1);
    expect(last?.type).toBe('environment.build_complete');
    const image = (last as Extract<EnvironmentBuildEvent, { type: 'environment.build_complete' }>).image;
    created.push(image);
    expect(image.startsWith(`${ENV_REPO}:`)).toBe(true);
    expect(before.has(image)).toBe(false);
    const progress = progressOf(first.events);
    expect(progress.length).toBe(first.events.length - 1);
    const percents = progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
    expect(progress.some((p) => p.stage === 'environment' && !p.cached && /apt-get/.test(p.message))).toBe(true);
    const inspected = await docker.getImage(image).inspect();
    expect(inspected.RepoTags).toContain(image);
    expect((last as { size_bytes: number }).size_bytes).toBe(inspected.Size);

    const again = await build(server, env.id);
    // Found, not built: the base and then the environment's image are reported ready from the cache.
    expect(progressOf(again.events).every((p) => p.cached)).toBe(true);
    expect(again.events.slice(-2)).toEqual([
      { type: 'environment.build_progress', stage: 'environment', percent: 100, message: `${image} is ready`, cached: true },
      { type: 'environment.build_complete', image, size_bytes: inspected.Size },
    ]);
  });

  it('a package apt cannot find ends the stream with build_failed carrying apt’s message', async () => {
    const env = await server.client().beta.environments.create({ name: `bad-${Date.now()}`, config: { type: 'cloud', packages: { apt: ['no-such-package-xyz'] } } });
    const { status, events } = await build(server, env.id);
    expect(status).toBe(200);
    const last = events.at(-1);
    expect(last?.type).toBe('environment.build_failed');
    expect((last as { message: string }).message).toMatch(/Unable to locate package no-such-package-xyz/);
    expect(events.slice(0, -1).every((e) => e.type === 'environment.build_progress')).toBe(true);
  });

  it('an unknown environment is a 404 before any stream starts', async () => {
    const { status, body } = await build(server, 'env_doesnotexist');
    expect(status).toBe(404);
    expect(body).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });
});

// No engine is needed to be refused: the other hands have no images.
describe('environments.build without Docker hands', () => {
  it('answers 400 naming --hands docker', async () => {
    const server = await serve({ args: ['--hands', 'none'] });
    try {
      const env = await server.client().beta.environments.create({ name: `none-${Date.now()}` });
      const { status, body } = await build(server, env.id);
      expect(status).toBe(400);
      expect(body).toEqual({
        type: 'error',
        error: { type: 'invalid_request_error', message: 'environment images are built by the Docker hands: start with --hands docker' },
        request_id: expect.stringMatching(/^req_/),
      });
    } finally {
      await server.stop();
    }
  });
});
