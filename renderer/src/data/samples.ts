// The first-launch offer: a working agent and environment to start from, made through the same calls
// as any other. Names get a number if taken (environment names are unique).
import { createAgent } from './agents.ts';
import { createEnvironment } from './environments.ts';
import { DockhandError } from './errors.ts';
import type { Agent, Environment } from './types.ts';

const SAMPLE_SYSTEM = `You are a careful software engineer working in a sandboxed Linux workspace.

- Read the relevant files before you change anything.
- Prefer small, reviewable changes and explain each one in a sentence.
- Run the project's tests after a change and report what they say.
- When something is ambiguous, ask before acting.`;

async function uniqueEnvironment(name: string): Promise<Environment> {
  for (let n = 1; ; n++) {
    try {
      return await createEnvironment({
        name: n === 1 ? name : `${name}-${n}`,
        description: 'Python and Node with the package registries reachable, nothing else',
        config: { type: 'cloud', networking: { type: 'limited', allowed_hosts: [], allow_package_managers: true, allow_mcp_servers: false }, packages: { apt: ['git', 'ripgrep'] } },
      });
    } catch (err) {
      if (!(err instanceof DockhandError && err.type === 'conflict_error') || n >= 20) throw err;
    }
  }
}

export async function createSamples(): Promise<{ agent: Agent; environment: Environment }> {
  const environment = await uniqueEnvironment('sample-workspace');
  const agent = await createAgent({
    name: 'Sample: code helper',
    description: 'Reads, edits and tests code in its sandbox; asks before running commands',
    model: 'claude-sonnet-4-6',
    system: SAMPLE_SYSTEM,
    tools: [{ type: 'agent_toolset_20260401', configs: [{ name: 'bash', permission_policy: { type: 'always_ask' } }] }],
  });
  return { agent, environment };
}
