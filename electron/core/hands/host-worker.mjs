// @ts-check
// The host hands' tools for one workspace, in a process of their own (inside bubblewrap when Dockhand found
// it, see host-isolation.ts): the SDK's agent_toolset_20260401, driven by one JSON line per call on stdin
// ({id, name, input}), answered by one JSON line per result on stdout ({id, text, isError}). Its
// environment is the tools' (no key of Dockhand's). Plain JavaScript so that plain Node starts it fast.
// Run as: node host-worker.mjs <workdir>
import { createInterface } from 'node:readline';
import { runRunnableTool } from '@anthropic-ai/sdk/lib/tools/BetaRunnableTool';
import { betaAgentToolset20260401 } from '@anthropic-ai/sdk/tools/agent-toolset/node';

/** @param {string} workdir */
function serve(workdir) {
  // Temporary files go to the workspace, removed with it.
  const tools = new Map(betaAgentToolset20260401({ workdir, env: { ...process.env, TMPDIR: workdir } }).map((t) => [t.name, t]));
  /** @param {{ id: number, text: string, isError: boolean }} a */
  const answer = (a) => process.stdout.write(`${JSON.stringify(a)}\n`);

  /** @param {{ id: number, name: string, input: Record<string, unknown> }} call */
  const run = async ({ id, name, input }) => {
    const tool = tools.get(name);
    if (!tool) return answer({ id, text: `unknown tool ${name}`, isError: true });
    const use = { type: /** @type {const} */ ('tool_use'), id: 'toolu_host', name, input, caller: { type: /** @type {const} */ ('direct') } };
    const out = await runRunnableTool(tool, input, { toolUse: use, toolUseBlock: use });
    const text = typeof out.content === 'string' ? out.content : out.content.map((b) => ('text' in b ? b.text : `[${b.type}]`)).join('\n');
    answer({ id, text, isError: out.isError });
  };

  createInterface({ input: process.stdin, crlfDelay: Infinity })
    .on('line', (line) => {
      let call;
      try {
        call = JSON.parse(line);
      } catch {
        return;
      }
      run(call).catch((err) => answer({ id: call.id, text: String(err?.message ?? err), isError: true }));
    })
    // The server closed our stdin (interrupt, release, shutdown): stop the shell and all it started.
    .on('close', () => {
      void Promise.allSettled([...tools.values()].map((t) => t.close?.())).finally(() => process.exit(0));
    });
}

const workdir = process.argv[2];
if (!workdir) {
  process.stderr.write('usage: host-worker.mjs <workdir>\n');
  process.exit(2);
}
serve(workdir);
