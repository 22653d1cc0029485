// `dockhand start`: the desktop app where an Electron binary exists; otherwise the same UI served
// by `serve` mode for a browser (this is the case wherever Electron's binary could not be downloaded).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT as ROOT } from '../package-root.ts';

// Resolves from the package: electron and electron-vite are dev dependencies, absent from an npm install.
const resolveModule = createRequire(import.meta.url).resolve;

/**
 * The Electron executable if one is installed, else null. Reads what `require('electron')` would
 * return, without calling it: that call tries to download a missing binary.
 */
export function electronBinary(): string | null {
  try {
    const dir = dirname(resolveModule('electron/package.json'));
    const relative = readFileSync(join(dir, 'path.txt'), 'utf8');
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const binary = override ? join(override, relative || 'electron') : join(dir, 'dist', relative);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Builds main, preload and renderer into out/ unless `needed` is there already. Build logs go to stderr. */
function ensureBuilt(needed: string): void {
  if (existsSync(join(ROOT, needed))) return;
  process.stderr.write(`dockhand: ${needed} is missing; building the app first\n`);
  const bin = join(dirname(resolveModule('electron-vite/package.json')), 'bin', 'electron-vite.js');
  const run = spawnSync(process.execPath, [bin, 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (run.status !== 0) throw new Error(`building the app failed (electron-vite exited with ${run.status ?? run.signal})`);
}

/** What `start` hands to serve mode, for what the user's options leave unset. */
export interface StartDefaults {
  apiKey: string;
  ui: string;
}

/** `args` are the user's options (already checked); `serve` is the CLI's serve mode with them. */
export async function start(args: string[], serve: (defaults: StartDefaults) => Promise<void>): Promise<void> {
  const electron = electronBinary();
  if (electron) {
    if (args.length) process.stderr.write('dockhand: the desktop app takes no command-line options (they are for serve mode); ignoring them\n');
    ensureBuilt('out/main/index.js');
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    const app = spawn(electron, [ROOT], { stdio: 'inherit', env });
    app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    return;
  }
  process.stdout.write('Electron cannot launch here: no Electron binary is installed. Serving the Dockhand UI for a browser instead.\n');
  ensureBuilt('out/renderer/index.html');
  // A fresh key per run unless one is configured; the URL printed by `serve --ui` carries it.
  await serve({ apiKey: randomBytes(24).toString('base64url'), ui: join(ROOT, 'out', 'renderer') });
}
