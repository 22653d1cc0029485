// The Docker hands in process, on the real engine: a tool round trip (`bash` `true`) against a raw
// `docker exec` round trip on the same container, and a new session's first tool call with no pool
// (the call makes the container) against one with a warm pool of 1 (the container is already started).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type Dockerode from 'dockerode';
import { listSandboxes } from '../electron/core/hands/docker/container.ts';
import { finished } from '../electron/core/hands/docker/exec.ts';
import { networkFor } from '../electron/core/hands/docker/network.ts';
import { DockerProvider, type SessionEnvironment } from '../electron/core/hands/docker/provider.ts';
import { resolveEnvironmentConfig } from '../electron/core/services/environments.ts';
import { compare, type Row, type Timing } from './stats.ts';

const TRUE = { command: 'true' };
const ROUND_TRIP = { count: 400, capMs: 8000, warmup: 10 };
/** Sessions per side: a cold one makes a container (~0.5 s), and each is removed between samples. */
const FIRST_CALLS = 10;
const FIRST_CALLS_CAP_MS = 40_000;

/** What a new environment gets by default: unrestricted networking (a bridge of its own per sandbox), no packages. */
export function defaultEnvironment(): SessionEnvironment {
  const config = resolveEnvironmentConfig(undefined);
  if (config.type !== 'cloud') throw new Error('the default environment config is not a cloud one');
  return { id: 'env_bench_hands', config };
}
export const DEFAULT_ENV_PAYLOAD = 'default environment: unrestricted networking (a bridge per sandbox), no packages';

/** Sequential samples with nothing between them timed: throughput is then one over the mean latency. */
export const sequential = (samples: number[]): Timing => ({ samples, elapsedMs: samples.reduce((a, b) => a + b, 0), perSample: 1 });

let n = 0;
const newSessionId = () => `sesn_benchhands${process.pid}x${++n}`;

export async function toolBench(docker: Dockerode, dataDir: string): Promise<Row[]> {
  const env = defaultEnvironment();
  const provider = (warmPool: number, name: string) => {
    mkdirSync(join(dataDir, name), { recursive: true });
    return new DockerProvider({ docker, dataDir: join(dataDir, name), environmentOf: () => env, networkFor, warmPool });
  };
  const cold = provider(0, 'cold');
  const warm = provider(1, 'warm');
  try {
    return [await roundTrip(docker, cold), await firstCall(cold, warm)];
  } finally {
    await Promise.all([cold.close(), warm.close()]);
  }
}

async function roundTrip(docker: Dockerode, provider: DockerProvider): Promise<Row> {
  const id = newSessionId();
  await provider.provision(id);
  const [info] = await listSandboxes(docker, id);
  if (!info) throw new Error(`no container labelled with ${id} after provisioning it`);
  const container = docker.getContainer(info.Id);
  const sandbox = provider.forSession(id);
  const tool = async () => {
    const out = await sandbox.execute('bash', TRUE);
    if (out !== '') throw new Error(`bash true printed ${JSON.stringify(out)}`);
  };
  // What `docker exec <container> true` does: create the exec, start it attached, read to the end, ask for the exit code.
  const raw = async () => {
    const exec = await container.exec({ Cmd: ['true'], AttachStdout: true, AttachStderr: true });
    await finished(await exec.start({ hijack: true, stdin: false }));
    const { ExitCode } = await exec.inspect();
    if (ExitCode !== null && ExitCode !== 0) throw new Error(`docker exec true exited with ${ExitCode}`);
  };
  try {
    process.stderr.write('hands: bash `true` round trip vs raw docker exec\n');
    const r = await compare(raw, tool, ROUND_TRIP);
    return {
      area: 'Hands',
      measure: 'Tool round trip: Sandbox.execute(bash, {command: "true"}) on a provisioned sandbox (its persistent shell)',
      payload: DEFAULT_ENV_PAYLOAD,
      unit: 'calls',
      timing: r.subject,
      baseline: { name: 'raw `docker exec <same container> true` via dockerode: exec create + start + end of stream + inspect (alternating rounds)', timing: r.baseline },
    };
  } finally {
    await provider.release(id);
  }
}

async function firstCall(cold: DockerProvider, warm: DockerProvider): Promise<Row> {
  const samples = { cold: [] as number[], warm: [] as number[] };
  const first = async (p: DockerProvider, id: string) => {
    const t0 = performance.now();
    await p.forSession(id).execute('bash', TRUE);
    return performance.now() - t0;
  };
  const start = performance.now();
  // Round 0 is warmup (image lookup, first network, JIT). Each round: fill the pool (untimed), a cold first call,
  // a warm one (whose pool starts a replacement in the background, as it does in use), then remove both sessions.
  for (let i = 0; i <= FIRST_CALLS && performance.now() - start < FIRST_CALLS_CAP_MS; i++) {
    process.stderr.write(`hands: first tool call, cold and warm pool, session ${i}/${FIRST_CALLS}\n`);
    const c = newSessionId();
    const w = newSessionId();
    await warm.warm(w);
    try {
      const coldMs = await first(cold, c);
      const warmMs = await first(warm, w);
      if (i > 0) (samples.cold.push(coldMs), samples.warm.push(warmMs));
    } finally {
      await Promise.all([cold.release(c), warm.release(w)]);
    }
  }
  return {
    area: 'Hands',
    measure: 'First tool call of a new session (bash `true`), warm pool of 1: takes a started container',
    payload: DEFAULT_ENV_PAYLOAD,
    unit: 'sessions',
    timing: sequential(samples.warm),
    baseline: { name: 'same, no pool: the call makes the network and container, starts it and its shell (alternating sessions)', timing: sequential(samples.cold) },
  };
}
