// Small helpers shared by the SDK-driven API tests: objects to work on, error checks, stream readers.
import { rmSync } from 'node:fs';
import Anthropic, { APIError } from '@anthropic-ai/sdk';
import type { Stream } from '@anthropic-ai/sdk/core/streaming';
import type { AgentCreateParams } from '@anthropic-ai/sdk/resources/beta/agents/agents';
import type { EnvironmentCreateParams } from '@anthropic-ai/sdk/resources/beta/environments/environments';
import type { BetaManagedAgentsStreamSessionEvents } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import { afterAll, beforeAll, expect } from 'vitest';
import { serve, type Served } from './serve.ts';

/** Stops a server gracefully and removes its temporary data directory; returns the exit code. */
export async function shutDown(server: Served | undefined): Promise<number | null> {
  if (!server) return null;
  const code = await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
  return code;
}

/**
 * One store-only `dockhand serve` for a test file: started before its tests and stopped after them,
 * where a clean exit (code 0) is checked too. Read `.server` and `.client` inside the tests.
 */
export function useServer(): { readonly server: Served; readonly client: Anthropic } {
  let server: Served | undefined;
  let client: Anthropic | undefined;
  beforeAll(async () => {
    server = await serve();
    client = server.client();
  });
  afterAll(async () => {
    expect(await shutDown(server)).toBe(0);
  });
  return {
    get server() {
      return server!;
    },
    get client() {
      return client!;
    },
  };
}

let counter = 0;
/** A name no other test in this process uses (environment names must be unique). */
export const uniqueName = (prefix: string) => `${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

export const createAgent = (client: Anthropic, extra: Partial<AgentCreateParams> = {}) =>
  client.beta.agents.create({ name: uniqueName('agent'), model: 'claude-sonnet-4-6', ...extra });

export const createEnvironment = (client: Anthropic, extra: Partial<EnvironmentCreateParams> = {}) =>
  client.beta.environments.create({ name: uniqueName('env'), ...extra });

/** An agent and an environment, enough to create sessions. */
export async function sessionParts(client: Anthropic) {
  const [agent, environment] = await Promise.all([createAgent(client), createEnvironment(client)]);
  return { agent, environment };
}

/**
 * Waits until the clock has moved past `iso`, so the next object gets a strictly later created_at
 * (timestamps have millisecond resolution). Used to make created_at filters deterministic.
 */
export async function tickPast(iso: string): Promise<void> {
  while (Date.now() <= Date.parse(iso)) await new Promise((r) => setTimeout(r, 2));
}

export const userMessage = (text: string) => ({ type: 'user.message' as const, content: [{ type: 'text' as const, text }] });

/** The text of a user.message event (what these tests send). */
export const textOf = (e: { type: string }): string =>
  e.type === 'user.message' ? ((e as unknown as { content: { type: string; text?: string }[] }).content[0]?.text ?? '') : '';

type ApiErrorClass = new (...args: never[]) => APIError;

/**
 * Awaits a call that must fail with `cls`, and checks the official envelope
 * `{type:'error', error:{type, message}}` the SDK parsed from the response.
 */
export async function expectApiError<E extends APIError>(
  call: Promise<unknown>,
  cls: new (...args: never[]) => E,
  status: number,
  type: string,
): Promise<E> {
  const err = await call.then(
    (value) => {
      throw new Error(`expected ${cls.name} (${status}), but the call succeeded with ${JSON.stringify(value).slice(0, 300)}`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(cls as ApiErrorClass);
  const apiErr = err as E;
  expect(apiErr.status).toBe(status);
  expect(apiErr.error).toMatchObject({ type: 'error', error: { type, message: expect.any(String) } });
  expect((apiErr.error as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
  return apiErr;
}

/** What a stream delivers without `event_deltas`: stored events, each with an id. */
type StreamEvent = Extract<BetaManagedAgentsStreamSessionEvents, { id: string }>;

/** Reads a stream one item at a time, so a test can interleave sends and reads. */
export function reader(stream: Stream<BetaManagedAgentsStreamSessionEvents>) {
  const it = stream[Symbol.asyncIterator]();
  return {
    /** The next `n` events; fails if the stream ends first. */
    async take(n: number): Promise<StreamEvent[]> {
      const out: StreamEvent[] = [];
      while (out.length < n) {
        const r = await it.next();
        if (r.done) throw new Error(`stream ended after ${out.length} of ${n} events`);
        out.push(r.value as StreamEvent);
      }
      return out;
    },
    /** Everything until the server ends the stream. */
    async rest(): Promise<StreamEvent[]> {
      const out: StreamEvent[] = [];
      for (let r = await it.next(); !r.done; r = await it.next()) out.push(r.value as StreamEvent);
      return out;
    },
    close: () => stream.controller.abort(),
  };
}
