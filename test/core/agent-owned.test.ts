// Outputs and clones are the sandbox user's to write in, and nobody else's: not world-writable, whatever
// modes they were made with (as root, which is how Dockhand runs Docker here, they go to uid 1000).
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENT_UID, handToAgent } from '../../electron/core/hands/docker/agent-owned.ts';

const root = process.getuid?.() === 0;
const name = 'as root: gives a clone, all of it, to the sandbox user with no write permission for others';

/** A tree made with the widest modes, as a careless umask would leave it. */
function wideTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockhand-owned-'));
  mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
  writeFileSync(join(dir, 'README.md'), 'r');
  writeFileSync(join(dir, 'src', 'deep', 'x.ts'), 'x');
  symlinkSync('README.md', join(dir, 'link'));
  for (const p of [dir, join(dir, 'src'), join(dir, 'src', 'deep')]) chmodSync(p, 0o777);
  for (const p of [join(dir, 'README.md'), join(dir, 'src', 'deep', 'x.ts')]) chmodSync(p, 0o666);
  return dir;
}

const entries = (dir: string) => [dir, ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((e) => join(dir, e))];

describe('handToAgent', () => {
  it.skipIf(!root)(root ? name : `${name} (skipped: not running as root)`, () => {
    const dir = wideTree();
    handToAgent(dir, { recursive: true });
    for (const p of entries(dir)) {
      const st = lstatSync(p);
      expect(st.uid, p).toBe(AGENT_UID);
      if (!st.isSymbolicLink()) expect(st.mode & 0o022, p).toBe(0);
    }
    expect(lstatSync(join(dir, 'README.md')).mode & 0o777).toBe(0o644);
    expect(lstatSync(join(dir, 'src')).mode & 0o777).toBe(0o755);
  });

  it.skipIf(!root)(root ? 'as root: an outputs directory is the sandbox user’s alone' : 'as root: an outputs directory is the sandbox user’s alone (skipped: not running as root)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockhand-outputs-'));
    chmodSync(dir, 0o700);
    writeFileSync(join(dir, 'kept.txt'), 'k');
    handToAgent(dir);
    expect(lstatSync(dir).uid).toBe(AGENT_UID);
    expect(lstatSync(dir).mode & 0o777).toBe(0o700);
    expect(lstatSync(join(dir, 'kept.txt')).uid).toBe(0); // not recursive: only the directory itself
  });
});
