// The agent toolset (bash, read, write, edit, glob, grep) in a real Docker sandbox: one session, one
// container, the calls in order as an agent would make them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../electron/core/hands/contract.ts';
import { OUTPUT_LIMIT } from '../../electron/core/hands/docker/output.ts';
import { baseImage, containersOf, engineUp, expectNoneLeft, newSessionId, rig, toolError, type Rig } from './sandbox-rig.ts';

describe.skipIf(!engineUp)('sandbox tools (skipped: no Docker engine answers)', () => {
  let r: Rig;
  let box: Sandbox;
  const session = newSessionId();
  const bash = (command: string, more: Record<string, unknown> = {}) => box.execute('bash', { command, ...more });

  beforeAll(async () => {
    await baseImage();
    r = rig();
    box = r.provider.forSession(session);
  });
  afterAll(async () => {
    await r?.close();
    await expectNoneLeft();
  });

  it('provisions nothing until the first tool call, then one container', async () => {
    expect(await containersOf(session)).toEqual([]);
    expect(await bash('pwd')).toBe('/workspace');
    const [c, ...more] = await containersOf(session);
    expect(more).toEqual([]);
    expect(c!.State).toBe('running');
  });

  it('bash keeps the working directory, exported variables and functions between calls', async () => {
    expect(await bash('mkdir -p /tmp/proj && cd /tmp/proj && export GREETING="hello there" && greet() { echo "$GREETING from $PWD"; }')).toBe('');
    expect(await bash('greet; echo "$(printenv GREETING)"')).toBe('hello there from /tmp/proj\nhello there');
  });

  it('bash reports a failing command with its output and exit code', async () => {
    const msg = await toolError(bash('echo partial; ls /nonexistent'));
    expect(msg).toMatch(/^partial\nls: cannot access '\/nonexistent': No such file or directory\n\n\[exit code 2\]$/);
    expect(await toolError(bash('(exit 7)'))).toBe('[exit code 7]');
    // A syntax error is a failing command, not a broken shell.
    expect(await toolError(bash('if then'))).toMatch(/syntax error.*\n\n\[exit code 2\]$/s);
    expect(await bash('pwd')).toBe('/tmp/proj');
  });

  it('bash stops a command at its timeout, with everything it started, and the next call runs in a new shell', async () => {
    const msg = await toolError(bash('echo started; sleep 300 & sleep 301', { timeout_ms: 1500 }));
    expect(msg).toMatch(/^started\n\n\[The command timed out after 1500 ms\. It was stopped with everything it started; the next command runs in a new shell/);
    // No process of that command is left (the pattern's brackets keep this check from matching itself).
    expect(await bash("cat /proc/[0-9]*/cmdline | tr '\\0' ' ' | grep -c 'sleep 30[0]' || true")).toBe('0');
    expect(await bash('pwd; echo "[$GREETING]"')).toBe('/workspace\n[]');
  });

  it('an interrupt stops the running command and everything it started', async () => {
    const stop = new AbortController();
    const running = box.execute('bash', { command: 'sleep 302 & sleep 303' }, { signal: stop.signal });
    setTimeout(() => stop.abort(new Error('interrupted by the user')), 500);
    await expect(running).rejects.toThrow('interrupted by the user');
    expect(await bash("cat /proc/[0-9]*/cmdline | tr '\\0' ' ' | grep -c 'sleep 30[23]' || true")).toBe('0');
  });

  it('bash output over the limit is cut with a note, and kept whole in a file in the sandbox', async () => {
    const out = await bash('seq 1 100000'); // 588,895 characters
    expect(out.startsWith('1\n2\n3\n')).toBe(true);
    const note = out.slice(OUTPUT_LIMIT);
    const kept = /The full output \(100000 lines\) is in (\/tmp\/dockhand\/bash-[\w-]+\.txt)/.exec(note)?.[1];
    expect(kept, note).toBeDefined();
    expect(await bash(`wc -c < ${kept}; tail -n 1 ${kept}`)).toBe('588895\n100000');
    expect(await box.execute('read', { file_path: kept!, view_range: [99999, -1] })).toBe(' 99999\t99999\n100000\t100000');
  });

  it('write creates a file (and its directories) as the agent; read numbers its lines', async () => {
    const content = 'first line\nsecond: ünïcödé ✓\n\tindented third\n';
    expect(await box.execute('write', { file_path: 'src/notes.txt', content })).toBe(`wrote ${Buffer.byteLength(content)} bytes to /workspace/src/notes.txt`);
    expect(await bash("stat -c '%U %s' /workspace/src/notes.txt")).toBe(`agent ${Buffer.byteLength(content)}`);
    expect(await box.execute('read', { file_path: '/workspace/src/notes.txt' })).toBe('     1\tfirst line\n     2\tsecond: ünïcödé ✓\n     3\t\tindented third');
    expect(await box.execute('read', { file_path: 'src/notes.txt', view_range: [2, 3] })).toBe('     2\tsecond: ünïcödé ✓\n     3\t\tindented third');
    expect(await box.execute('read', { file_path: 'src/notes.txt', view_range: [3, -1] })).toBe('     3\t\tindented third');
  });

  it('read says what is wrong with a path or a range', async () => {
    expect(await toolError(box.execute('read', { file_path: 'missing.txt' }))).toBe('read: /workspace/missing.txt: no such file');
    expect(await toolError(box.execute('read', { file_path: 'src' }))).toMatch(/^read: \/workspace\/src is a directory/);
    expect(await toolError(box.execute('read', { file_path: 'src/notes.txt', view_range: [3, 1] }))).toMatch(/ends before it starts/);
    expect(await toolError(box.execute('read', {}))).toBe('read: file_path is required');
  });

  it('a long read is cut with a note, and the numbered text kept whole in the sandbox', async () => {
    await bash('seq 1 30000 > /workspace/big.txt');
    const out = await box.execute('read', { file_path: 'big.txt' });
    expect(out.startsWith('     1\t1\n     2\t2\n')).toBe(true);
    const kept = /The full output \(30000 lines\) is in (\/tmp\/dockhand\/read-[\w-]+\.txt)/.exec(out.slice(OUTPUT_LIMIT))?.[1];
    expect(kept).toBeDefined();
    expect(await bash(`tail -n 1 ${kept}`)).toBe(' 30000\t30000');
  });

  it('edit replaces a unique string, every occurrence with replace_all, and refuses a missing or ambiguous one', async () => {
    await box.execute('write', { file_path: 'app.py', content: 'x = 1\nprint("x is", x)\nx = 1\n' });
    const err1 = await toolError(box.execute('edit', { file_path: 'app.py', old_string: 'y = 2', new_string: 'y = 3' }));
    expect(err1).toBe('edit: old_string was not found in /workspace/app.py');
    const err2 = await toolError(box.execute('edit', { file_path: 'app.py', old_string: 'x = 1', new_string: 'x = 2' }));
    expect(err2).toMatch(/^edit: old_string appears 2 times in \/workspace\/app\.py/);
    expect(await box.execute('read', { file_path: 'app.py' })).toBe('     1\tx = 1\n     2\tprint("x is", x)\n     3\tx = 1');

    expect(await box.execute('edit', { file_path: 'app.py', old_string: 'print("x is", x)', new_string: 'print("x = $&", x)' })).toBe('edited /workspace/app.py (1 replacement)');
    expect(await box.execute('edit', { file_path: 'app.py', old_string: 'x = 1', new_string: 'x = 2', replace_all: true })).toBe('edited /workspace/app.py (2 replacements)');
    expect(await bash('cat app.py')).toBe('x = 2\nprint("x = $&", x)\nx = 2');
    expect(await toolError(box.execute('edit', { file_path: 'nope.py', old_string: 'a', new_string: 'b' }))).toBe('edit: /workspace/nope.py: no such file');
  });

  it('glob lists matching files newest first, with braces and **, skipping node_modules', async () => {
    await bash(
      'mkdir -p g/a/b g/node_modules/x && cd g && touch -d "2020-01-01" old.ts && touch -d "2021-01-01" a/mid.ts && touch -d "2022-01-01" a/b/new.ts && ' +
        'touch a/readme.md node_modules/x/dep.ts .hidden.ts && cd /workspace',
    );
    expect(await box.execute('glob', { pattern: '**/*.ts', path: 'g' })).toBe('/workspace/g/a/b/new.ts\n/workspace/g/a/mid.ts\n/workspace/g/old.ts');
    expect(await box.execute('glob', { pattern: 'g/**/*.{md,ts}' })).toBe('/workspace/g/a/readme.md\n/workspace/g/a/b/new.ts\n/workspace/g/a/mid.ts\n/workspace/g/old.ts');
    expect(await box.execute('glob', { pattern: 'g/*.py' })).toBe('no matches');
    expect(await toolError(box.execute('glob', { pattern: '*', path: 'nowhere' }))).toBe('glob: /workspace/nowhere: no such directory');
  });

  it('grep finds lines as path:line:text, says when nothing matches, and reports a bad pattern', async () => {
    await box.execute('write', { file_path: 'g/a/code.js', content: 'const a = 1;\nfunction findMe(x) {\n  return x + 42;\n}\n' });
    expect(await box.execute('grep', { pattern: 'findMe\\(\\w+\\)', path: 'g' })).toBe('/workspace/g/a/code.js:2:function findMe(x) {');
    expect(await box.execute('grep', { pattern: '\\d{2};' })).toBe('/workspace/g/a/code.js:3:  return x + 42;');
    expect(await box.execute('grep', { pattern: 'no such text anywhere' })).toBe('no matches');
    expect(await toolError(box.execute('grep', { pattern: 'unclosed(' }))).toBe('grep: missing closing parenthesis');
  });

  it('a long grep is cut with a note, and its full result kept in the sandbox', async () => {
    await bash('mkdir -p /workspace/many && for i in $(seq 1 3000); do echo "needle line $i with some padding to make it longer" ; done > /workspace/many/hay.txt');
    const out = await box.execute('grep', { pattern: 'needle', path: 'many' });
    const kept = /The full output \(3000 lines\) is in (\/tmp\/dockhand\/grep-[\w-]+\.txt)/.exec(out.slice(OUTPUT_LIMIT))?.[1];
    expect(kept).toBeDefined();
    expect(await bash(`tail -n 1 ${kept}`)).toBe('/workspace/many/hay.txt:3000:needle line 3000 with some padding to make it longer');
  });

  it('an unknown tool is a tool error', async () => {
    expect(await toolError(box.execute('teleport', {}))).toBe('unknown tool teleport');
  });
});
