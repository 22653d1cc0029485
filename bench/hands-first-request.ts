// Time to the first model request with Docker hands: from sessions.create + events.send(user.message) to
// the scripted model receiving the brain's first request, through real `dockhand serve --hands docker`
// children driven by the official SDK. Lazy (the default: no container until the first tool call) against
// eager (`--eager-sandboxes`: sessions.create provisions the container first), alternating session by session.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type Anthropic from '@anthropic-ai/sdk';
import type Dockerode from 'dockerode';
import { reply, startScriptedModel, type RecordedRequest } from '../test/support/scripted-model/index.ts';
import { serve, type Served } from '../test/support/serve.ts';
import { untilGone } from './hands-engine.ts';
import { sequential } from './hands-tools.ts';
import { message, tagOf, TEXT_CHARS } from './payload.ts';
import { p50, p95, type Row } from './stats.ts';

const MODEL_KEY = 'sk-ant-bench-model-key';
/** Sessions per side; an eager one makes a container (~0.5 s), and each is deleted (sandbox gone) before the next. */
const SESSIONS = 12;
const CAP_MS = 45_000;
/** Longer than this and the brain is stuck, not slow. */
const LOST_MS = 20_000;

/** The tag of the user.message a model request answers. */
function requestTag(req: RecordedRequest): string | undefined {
  const last = req.body.messages.at(-1);
  return last && typeof last.content !== 'string' ? tagOf({ content: last.content }) : undefined;
}

export async function firstRequestBench(docker: Dockerode, dir: string, atExit: (pid: number, kill: () => void) => void): Promise<{ rows: Row[]; note: string }> {
  const waiting = new Map<string, (at: number) => void>();
  const model = await startScriptedModel({
    apiKey: MODEL_KEY,
    script: (req) => {
      const at = performance.now();
      const tag = requestTag(req);
      if (tag) waiting.get(tag)?.(at);
      return reply('Ready.');
    },
  });
  const env = { ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: MODEL_KEY, DOCKHAND_MAX_RETRIES: '0' };
  const servers: Served[] = [];
  const start = async (name: string, args: string[]) => {
    const s = await serve({ dataDir: join(dir, name), brain: true, args: ['--hands', 'docker', ...args], env });
    atExit(s.child.pid!, () => s.child.exitCode === null && s.child.kill('SIGKILL'));
    servers.push(s);
    return s;
  };

  try {
    const lazy = await start('lazy', []);
    const eager = await start('eager', ['--eager-sandboxes']);
    const side = async (s: Served) => {
      const client = s.client();
      const agent = await client.beta.agents.create({ name: 'bench-hands', model: 'claude-sonnet-4-6', tools: [{ type: 'agent_toolset_20260401' }] });
      const environment = await client.beta.environments.create({ name: 'bench-hands' });
      return { s, client, agent: agent.id, environment: environment.id };
    };
    const sides = { lazy: await side(lazy), eager: await side(eager) };

    /** One session: the time to its first model request; then its turn ends, it is deleted and its sandbox is gone. */
    const firstRequest = async ({ s, client, agent, environment }: { s: Served; client: Anthropic; agent: string; environment: string }, tag: string) => {
      let timer: NodeJS.Timeout | undefined;
      const arrived = new Promise<number>((resolve, reject) => {
        waiting.set(tag, resolve);
        timer = setTimeout(() => reject(new Error(`no model request for ${tag} in ${LOST_MS} ms:\n${s.stderr()}`)), LOST_MS);
      });
      try {
        const t0 = performance.now();
        const session = await client.beta.sessions.create({ agent, environment_id: environment });
        await client.beta.sessions.events.send(session.id, { events: [message(tag)] });
        const ms = (await arrived) - t0;
        // The brain marks the session running before it asks the model, so this waits for the turn's end.
        while ((await client.beta.sessions.retrieve(session.id)).status !== 'idle') await new Promise((r) => setTimeout(r, 10));
        await client.beta.sessions.delete(session.id);
        await untilGone(docker, [s.child.pid!]);
        return ms;
      } finally {
        clearTimeout(timer);
        waiting.delete(tag);
      }
    };

    const samples = { lazy: [] as number[], eager: [] as number[] };
    const began = performance.now();
    for (let i = 0; i <= SESSIONS && performance.now() - began < CAP_MS; i++) {
      process.stderr.write(`hands: time to first model request, lazy and eager, session ${i}/${SESSIONS}\n`);
      const e = await firstRequest(sides.eager, `eager-${i}`);
      const l = await firstRequest(sides.lazy, `lazy-${i}`);
      if (i > 0) (samples.eager.push(e), samples.lazy.push(l)); // session 0 is warmup
    }

    for (const s of servers) {
      const code = await s.stop();
      if (code !== 0) throw new Error(`dockhand serve --hands docker exited with ${code} on SIGTERM:\n${s.stderr()}`);
    }
    const lazyT = sequential(samples.lazy);
    const eagerT = sequential(samples.eager);
    const lower = (f: typeof p50) => `${((1 - f(lazyT) / f(eagerT)) * 100).toFixed(0)}%`;
    return {
      rows: [
        {
          area: 'Hands',
          measure: 'Time to first model request: sessions.create + events.send → the model receives the request, lazy sandbox (`serve --hands docker`)',
          payload: `dockhand serve children via the SDK; agent with agent_toolset_20260401; ${TEXT_CHARS}-char user.message; default environment (unrestricted networking, no packages)`,
          unit: 'sessions',
          timing: lazyT,
          baseline: { name: 'same, `serve --hands docker --eager-sandboxes`: sessions.create provisions the container first (alternating sessions)', timing: eagerT },
        },
      ],
      note:
        `Time to first model request with lazy provisioning, against eager in the same run: p50 ${lower(p50)} lower, p95 ${lower(p95)} lower ` +
        '(the published figures for this design: about 60% lower p50, over 90% lower p95).',
    };
  } finally {
    for (const s of servers) await s.kill();
    await model.close();
  }
}
