import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { betaAgentToolset20260401 } from '@anthropic-ai/sdk/tools/agent-toolset/node';
import { runRunnableTool, type BetaRunnableTool } from '@anthropic-ai/sdk/lib/tools/BetaRunnableTool';
import { PerSessionProvider, ToolError, type Sandbox } from './contract.ts';

/** Variables a shell may see. Nothing else of Dockhand's environment (API keys above all) is passed on. */
const PASSED_ON = ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'USER', 'LOGNAME', 'SHELL'];

function toolEnv(workdir: string): Record<string, string> {
  const env: Record<string, string> = { HOME: workdir, TMPDIR: workdir };
  for (const k of PASSED_ON) if (process.env[k]) env[k] = process.env[k]!;
  return env;
}

/**
 * Runs the built-in tools as plain processes on this machine, in a workspace folder per session,
 * using the SDK's own implementation of agent_toolset_20260401. NOT isolated: for trusted agents,
 * development and tests. The Docker provider is the sandboxed one.
 */
export class HostProvider extends PerSessionProvider {
  readonly name = 'host';
  constructor(private readonly root: string) {
    super();
  }

  protected create(sessionId: string): Sandbox {
    const workdir = join(this.root, sessionId);
    let tools: Map<string, BetaRunnableTool> | undefined;
    const toolset = () => {
      if (!tools) {
        mkdirSync(workdir, { recursive: true, mode: 0o700 });
        tools = new Map(betaAgentToolset20260401({ workdir, env: toolEnv(workdir) }).map((t) => [t.name, t]));
      }
      return tools;
    };
    return {
      async execute(name, input, opts) {
        const tool = toolset().get(name);
        if (!tool) throw new ToolError(`unknown tool ${name}`);
        const use = { type: 'tool_use' as const, id: 'toolu_host', name, input, caller: { type: 'direct' as const } };
        const run = runRunnableTool(tool, input, { toolUse: use, toolUseBlock: use, signal: opts?.signal });
        const signal = opts?.signal;
        // An interrupted tool is stopped for real: its shell (and whatever runs in it) is closed.
        const onAbort = () => void Promise.resolve(tools?.get(name)?.close?.()).finally(() => (tools = undefined));
        signal?.addEventListener('abort', onAbort, { once: true });
        const out = await run.finally(() => signal?.removeEventListener('abort', onAbort));
        signal?.throwIfAborted();
        const text = typeof out.content === 'string' ? out.content : out.content.map((b) => ('text' in b ? b.text : `[${b.type}]`)).join('\n');
        if (out.isError) throw new ToolError(text);
        return text;
      },
      async destroy() {
        for (const t of tools?.values() ?? []) await t.close?.();
        tools = undefined;
      },
    };
  }

  /** The session is gone: stop its shell and delete its workspace. */
  override async release(sessionId: string): Promise<void> {
    await super.release(sessionId);
    rmSync(join(this.root, sessionId), { recursive: true, force: true });
  }
}
