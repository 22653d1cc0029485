// A fresh build of this tree (electron-vite: main with the CLI, preload, renderer) in a folder of its own,
// so a test sees the code as it is now and never touches out/, which `dockhand start` and other tests read.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tempDir } from './serve.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

export function buildApp(outDir = tempDir('dockhand-build-')): string {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir, '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`electron-vite build failed (${run.status ?? run.signal}):\n${run.stdout}${run.stderr}`);
  return outDir;
}
