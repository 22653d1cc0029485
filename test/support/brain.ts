// A `dockhand serve` child wired to a scripted model, and helpers to follow a session's turns.
import type Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsStreamSessionEvents as StreamEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import { startScriptedModel, type ScriptedModel, type ScriptedModelOptions } from './scripted-model/index.ts';
import { serve, tempDir, type Served } from './serve.ts';

export const MODEL_KEY = 'sk-ant-test-model-key';

export interface BrainRig {
  model: ScriptedModel;
  server: Served;
  client: Anthropic;
  close(): Promise<void>;
}

export async function brainRig(opts: { model?: ScriptedModelOptions; env?: NodeJS.ProcessEnv; args?: string[]; dataDir?: string } = {}): Promise<BrainRig> {
  const model = await startScriptedModel({ apiKey: MODEL_KEY, ...opts.model });
  const server = await serve({
    dataDir: opts.dataDir ?? tempDir(),
    args: opts.args,
    brain: true,
    env: { ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: MODEL_KEY, DOCKHAND_RETRY_BASE_MS: '5', DOCKHAND_MAX_RETRIES: '2', ...opts.env },
  });
  return {
    model,
    server,
    client: server.client(),
    close: async () => {
      await server.stop();
      await model.close();
    },
  };
}

type Idle = Extract<StreamEvent, { type: 'session.status_idle' }>;

/**
 * Sends `events` to the session and returns what the session emitted from then on, up to and
 * including the next session.status_idle.
 */
export async function turn(client: Anthropic, sessionId: string, events: Parameters<Anthropic['beta']['sessions']['events']['send']>[1]['events']): Promise<{ events: StreamEvent[]; idle: Idle }> {
  const stream = await client.beta.sessions.events.stream(sessionId);
  await client.beta.sessions.events.send(sessionId, { events });
  return untilIdle(stream);
}

export async function untilIdle(stream: AsyncIterable<StreamEvent> & { controller: AbortController }): Promise<{ events: StreamEvent[]; idle: Idle }> {
  const seen: StreamEvent[] = [];
  for await (const e of stream) {
    seen.push(e);
    if (e.type === 'session.status_idle') {
      stream.controller.abort();
      return { events: seen, idle: e };
    }
  }
  throw new Error(`stream ended before the session went idle; saw ${seen.map((e) => e.type).join(', ')}`);
}

export const say = (text: string) => ({ type: 'user.message' as const, content: [{ type: 'text' as const, text }] });
export const types = (events: StreamEvent[]) => events.map((e) => e.type);
