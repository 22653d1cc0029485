import { PerSessionProvider, ToolError, type Sandbox } from './contract.ts';

/** What to do when tools have nowhere to run. */
export const NO_DOCKER_HINT =
  'Agents’ tools run in Docker sandboxes: start Docker (`sudo systemctl start docker`, `sudo dockerd &`, or open Docker Desktop) or set DOCKER_HOST, then restart Dockhand';

/** When no sandbox provider is configured: every tool call fails with a message that says how to get one. */
export class NoSandboxProvider extends PerSessionProvider {
  readonly name = 'none';
  protected create(): Sandbox {
    return {
      execute: async (name) => {
        throw new ToolError(`The ${name} tool cannot run: Dockhand has no sandbox for tools. ${NO_DOCKER_HINT} (with --hands docker if it was started with --hands none).`);
      },
      destroy: async () => undefined,
    };
  }
}
