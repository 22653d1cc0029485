// The host hands: the SDK's tools in a worker process per session, inside bubblewrap where it works, so
// that a tool sees none of Dockhand's processes and none of its data directory but its own workspace.
// Also without bubblewrap: interrupts stop what a tool started, and a worker that floods its output
// ends in a failed call, never in a server holding the flood.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ToolError } from '../../electron/core/hands/contract.ts';
import { hostIsolation } from '../../electron/core/hands/host-isolation.ts';
import { HostProvider } from '../../electron/core/hands/host.ts';
import { neededInCi } from '../support/ci.ts';

const providers: HostProvider[] = [];
afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.close()));
});

function provider(bubblewrap: boolean) {
  const dataDir = mkdtempSync(join(tmpdir(), 'dockhand-host-'));
  const p = new HostProvider({ dataDir, isolation: bubblewrap ? undefined : { bwrap: null, summary: 'tests run tools without bubblewrap' } });
  providers.push(p);
  return { dataDir, sandbox: p.forSession('sesn_host1'), provider: p };
}

/** Waits until no process on this machine has `marker` in its command line. */
async function gone(marker: string): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if (spawnSync('pgrep', ['-f', marker]).status === 1) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Python that writes argv[3] bytes (argv[2] of them at a time) to the stdout of process argv[1]: a copy by pidfd_getfd (syscall 438). */
const WRITE_TO_STDOUT_OF = [
  'import ctypes, os, sys',
  'fd = ctypes.CDLL(None, use_errno=True).syscall(438, os.pidfd_open(int(sys.argv[1])), 1, 0)',
  'assert fd >= 0, "pidfd_getfd failed: errno %d" % ctypes.get_errno()',
  'os.set_blocking(fd, True)',
  '[os.write(fd, b"a" * int(sys.argv[2])) for _ in range(int(sys.argv[3]) // int(sys.argv[2]))]',
].join('\n');

const isolated = neededInCi(hostIsolation().bwrap !== null, `bubblewrap does not run here (${hostIsolation().summary})`);
const inBwrap = 'in bubblewrap: no process of Dockhand’s in /proc, and of the data directory only the session’s workspace';

// Each worker is a Node process with tsx (and bubblewrap): about a second to start on a loaded machine.
describe('host hands', { timeout: 60_000 }, () => {
  it.skipIf(!isolated)(isolated ? inBwrap : `${inBwrap} (skipped: bubblewrap is not installed or cannot run here)`, async () => {
    const { dataDir, sandbox, provider: p } = provider(true);
    expect(p.isolation.summary).toMatch(/^Tools run on this machine in bubblewrap: they cannot see Dockhand's processes/);
    writeFileSync(join(dataDir, 'dockhand.db'), 'store bytes');
    const out = await sandbox.execute('bash', {
      command: `for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' <"$f"; echo; done; echo ---; ls -a ${dataDir}; ls -a ${dataDir}/workspaces; cat ${dataDir}/dockhand.db; echo "rc=$?"`,
    });
    const [procs, files] = out.split('---\n');
    expect(procs).toContain('bash'); // /proc was read: the tools' own processes are there
    expect(procs).not.toContain(String(process.pid));
    expect(procs).not.toContain('vitest'); // the process running the provider is not
    expect(files).toMatch(/^\.\n\.\.\nworkspaces\n\.\n\.\.\nsesn_host1\n/);
    expect(files).toContain('rc=1');
    expect(files).not.toContain('store bytes');
    // What the agent writes lands in the real workspace.
    await sandbox.execute('write', { file_path: 'notes.txt', content: 'kept' });
    expect(spawnSync('cat', [join(dataDir, 'workspaces', 'sesn_host1', 'notes.txt')], { encoding: 'utf8' }).stdout).toBe('kept');
  });

  for (const bubblewrap of [false, ...(isolated ? [true] : [])]) {
    const how = bubblewrap ? 'in bubblewrap' : 'without bubblewrap';

    it(`${how}: runs the tools, keeps the shell between calls, and an interrupt stops everything the call started`, async () => {
      const { sandbox } = provider(bubblewrap);
      await sandbox.execute('bash', { command: 'cd /; export KEPT=yes' });
      expect(await sandbox.execute('bash', { command: 'echo "$PWD $KEPT"' })).toBe('/ yes');
      await expect(sandbox.execute('bash', { command: 'exit 3' })).rejects.toBeInstanceOf(ToolError);

      const marker = `dockhand-sleeper-${process.pid}-${bubblewrap}`;
      const interrupt = new AbortController();
      const call = sandbox.execute('bash', { command: `bash -c 'exec -a ${marker} sleep 1000' & wait` }, { signal: interrupt.signal });
      for (let i = 0; i < 200 && spawnSync('pgrep', ['-f', marker]).status !== 0; i++) await new Promise((r) => setTimeout(r, 50));
      interrupt.abort();
      await expect(call).rejects.toMatchObject({ name: 'AbortError' });
      expect(await gone(marker)).toBe(true);
      // The next call gets a new shell.
      expect(await sandbox.execute('bash', { command: 'echo fresh' })).toBe('fresh');
    });

    it(`${how}: a tool writing into the worker's answers fails its call, never stalls it or fills the server, and the next call works`, async () => {
      const { sandbox } = provider(bubblewrap);
      // $PPID is the worker, a process of the same user: its stdout is the socket the provider reads answers from.
      const write = (bytes: number) => sandbox.execute('bash', { command: `python3 -c '${WRITE_TO_STDOUT_OF}' $PPID ${Math.min(bytes, 1 << 20)} ${bytes}; echo after` });
      await expect(write(20 * 1024 ** 2)).rejects.toThrow(/^bash failed: the tools' process wrote more than 8388608 bytes without a line end\. The next tool call starts a new shell/);
      expect(await sandbox.execute('bash', { command: 'echo works' })).toBe('works');
      // A few bytes spoil the answer's line: the call fails rather than waiting for an answer that will not come.
      await expect(write(10)).rejects.toThrow(/^bash failed: the tools' process wrote something that was no answer\. The next tool call starts a new shell/);
      expect(await sandbox.execute('bash', { command: 'echo works again' })).toBe('works again');
    });
  }

  it('says plainly when tools run without isolation', () => {
    const { provider: p } = provider(false);
    expect(p.isolation.bwrap).toBeNull();
    if (!isolated) expect(hostIsolation().summary).toMatch(/^Tools run on this machine WITHOUT isolation: an agent's commands can read everything this user can, Dockhand's API keys included \(/);
  });
});
