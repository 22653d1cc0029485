import { PerSessionProvider, ToolError, type Sandbox } from './contract.ts';

/** When no sandbox provider is configured: every tool call fails with a message that says how to get one. */
export class NoSandboxProvider extends PerSessionProvider {
  readonly name = 'none';
  protected create(): Sandbox {
    return {
      execute: async (name) => {
        throw new ToolError(`The ${name} tool cannot run: Dockhand has no sandbox configured (start it with --hands host to run tools on this machine).`);
      },
      destroy: async () => undefined,
    };
  }
}
