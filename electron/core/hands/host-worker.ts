// The host hands' tools for one workspace, in a process of their own (inside bubblewrap when Dockhand found
// it, see host-isolation.ts): the SDK's agent_toolset_20260401, driven by one JSON line per call on stdin,
// answered by one JSON line per result on stdout. Its environment is the tools' (no key of Dockhand's).
// Run as: node --import tsx host-worker.ts <workdir>
import { createInterface } from 'node:readline';
import { runRunnableTool } from '@anthropic-ai/sdk/lib/tools/BetaRunnableTool';
import { betaAgentToolset20260401 } from '@anthropic-ai/sdk/tools/agent-toolset/node';

/** One tool call, server to worker. */
export interface HostCall {
  id: number;
  name: string;
  input: Record<string, unknown>;
}

/** Its result, worker to server. */
export interface HostAnswer {
  id: number;
  text: string;
  isError: boolean;
}

function serve(workdir: string): void {
  // Temporary files go to the workspace, removed with it (the worker's own TMPDIR holds tsx's cache).
  const tools = new Map(betaAgentToolset20260401({ workdir, env: { ...process.env, TMPDIR: workdir } }).map((t) => [t.name, t]));
  const answer = (a: HostAnswer) => process.stdout.write(`${JSON.stringify(a)}\n`);

  const call = async ({ id, name, input }: HostCall) => {
    const tool = tools.get(name);
    if (!tool) return answer({ id, text: `unknown tool ${name}`, isError: true });
    const use = { type: 'tool_use' as const, id: 'toolu_host', name, input, caller: { type: 'direct' as const } };
    const out = await runRunnableTool(tool, input, { toolUse: use, toolUseBlock: use });
    const text = typeof out.content === 'string' ? out.content : out.content.map((b) => ('text' in b ? b.text : `[${b.type}]`)).join('\n');
    answer({ id, text, isError: out.isError });
  };

  createInterface({ input: process.stdin, crlfDelay: Infinity })
    .on('line', (line) => {
      let msg: HostCall;
      try {
        msg = JSON.parse(line) as HostCall;
      } catch {
        return;
      }
      call(msg).catch((err: unknown) => answer({ id: msg.id, text: String((err as Error)?.message ?? err), isError: true }));
    })
    // The server closed our stdin (interrupt, release, shutdown): stop the shell and all it started.
    .on('close', () => {
      void Promise.allSettled([...tools.values()].map((t) => t.close?.())).finally(() => process.exit(0));
    });
}

const workdir = process.argv[2];
if (!workdir) {
  process.stderr.write('usage: host-worker.ts <workdir>\n');
  process.exit(2);
}
serve(workdir);
