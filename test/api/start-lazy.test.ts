// Start-up loads what a mode needs when it needs it: Docker's client (dockerode, with its ssh and gRPC
// stacks) is not loaded before `serve --hands docker` is ready, nor at all when no engine answers and the
// hands are chosen automatically. A preload hook reports each first require of dockerode on stdout, in
// order with the ready line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliProcess } from '../support/cli.ts';
import { tempDir } from '../support/serve.ts';

const hook = join(tempDir(), 'report-dockerode.cjs');
writeFileSync(
  hook,
  `const Module = require('node:module');
const load = Module._load;
let seen = false;
Module._load = function (request, ...rest) {
  if (request === 'dockerode' && !seen) (seen = true), require('node:fs').writeSync(1, 'required: dockerode\\n');
  return load.call(this, request, ...rest);
};
`,
);

const running: CliProcess[] = [];
afterEach(async () => void (await Promise.all(running.splice(0).map((p) => p.stop()))));
const serve = (args: string[], env: Record<string, string> = {}) => {
  const p = runCli(['serve', '--port', '0', '--data-dir', tempDir(), '--api-key', 'k', ...args], { NODE_OPTIONS: `--require ${hook}`, ...env });
  running.push(p);
  return p;
};

describe('start-up', () => {
  it('serve --hands docker prints its ready line before loading dockerode, which its clean-up of old sandboxes then loads', async () => {
    const p = serve(['--hands', 'docker']);
    await p.ready;
    await expect.poll(() => p.stdout(), { timeout: 20_000 }).toMatch(/required: dockerode/);
    expect(p.stdout().split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^Dockhand API listening on /), 'required: dockerode']);
  });

  it('choosing the hands loads no dockerode: with no engine answering, it is never loaded', async () => {
    const p = serve([], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    await p.ready;
    expect(p.stderr()).toMatch(/Tools are off: no Docker engine answers/);
    // Stopping is the last thing it does: by then, nothing asked for Docker's client.
    expect(await p.stop()).toBe(0);
    expect(p.stdout()).not.toMatch(/required: dockerode/);
  });
});
