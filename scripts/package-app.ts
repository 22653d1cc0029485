// `npm run dist`: the desktop app's installers, as electron-builder.yml describes them. electron-builder
// rebuilds native modules for Electron's ABI in the project it packages, so it packages a staged copy
// (package.json, the build, the production node_modules): this checkout's node_modules stay built for
// Node, which runs the tests and `dockhand serve`.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, Platform, type Configuration } from 'electron-builder';

export const ROOT = resolve(import.meta.dirname, '..');

/** The Electron version the app is built for: the one installed (a dev dependency). */
export const ELECTRON_VERSION: string = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version;

export interface PackageOptions {
  /** The app's build (electron-vite's output: main, preload, renderer); default out/. */
  built?: string;
  /** Where the packages go; default dist/. */
  output?: string;
  /** electron-builder targets for this platform (e.g. ['dir', 'deb']); default: electron-builder.yml's. */
  targets?: string[];
  /** Settings over electron-builder.yml's (e.g. electronDist). */
  config?: Configuration;
}

/** Every production package's folder, nested ones included, relative to the project. */
function productionFolders(): string[] {
  const out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 ** 2 });
  return out
    .split('\n')
    .map((dir) => relative(ROOT, dir))
    .filter((rel) => rel.startsWith(`node_modules${sep}`));
}

/** The folders (node_modules/NAME) of the production dependencies; their own nested dependencies come along inside. */
export function productionDependencies(): string[] {
  return productionFolders().filter((rel) => rel.split(`node_modules${sep}`).length === 2);
}

/** The names of every production package at any depth: electron-builder may hoist a nested copy (express's mime-types) to the top. */
export function productionPackageNames(): Set<string> {
  return new Set(productionFolders().map((rel) => rel.split(`node_modules${sep}`).at(-1)!));
}

/** A temporary project holding what electron-builder packs: package.json, its config, resources, the build and the production node_modules. */
function stage(built: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockhand-dist-'));
  for (const file of ['package.json', 'electron-builder.yml', 'resources']) cpSync(join(ROOT, file), join(dir, file), { recursive: true });
  cpSync(built, join(dir, 'out'), { recursive: true });
  for (const rel of productionDependencies()) cpSync(join(ROOT, rel), join(dir, rel), { recursive: true, verbatimSymlinks: true });
  return dir;
}

/** Packages the app; resolves to the files electron-builder made. */
export async function packageApp(opts: PackageOptions = {}): Promise<string[]> {
  const projectDir = stage(opts.built ?? join(ROOT, 'out'));
  try {
    return await build({
      projectDir,
      targets: Platform.current().createTarget(opts.targets ?? null),
      config: { electronVersion: ELECTRON_VERSION, ...opts.config, directories: { output: opts.output ?? join(ROOT, 'dist'), ...opts.config?.directories } },
    });
  } finally {
    rmSync(projectDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const targets = process.argv.slice(2);
  for (const file of await packageApp({ targets: targets.length ? targets : undefined })) console.log(file);
}
