// The desktop app as electron-builder packages it (scripts/package-app.ts, as `npm run dist` does), for
// Linux, and what is inside. No Electron binary can be downloaded here, so it packages a stand-in Electron
// distribution (electronDist), or the real one where `node_modules/electron/dist` holds it. Checked: the
// asar holds main, preload and renderer and nothing of tests or dev dependencies; native modules are
// unpacked from it and built for Electron's ABI; the sandbox recipe and the samples sit beside it; the
// fuses are as electron-builder.yml sets them; the size.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { extractFile, getRawHeader } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { _electron as electron } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourcesDirOf } from '../../electron/core/package-root.ts';
import { electronBinary } from '../../electron/core/server/start.ts';
import { ELECTRON_VERSION, packageApp, productionPackageNames } from '../../scripts/package-app.ts';
import { buildApp, ROOT } from '../support/build.ts';
import { ELECTRON_DEFAULT_FUSES, FUSE_ON, makeElectronStandin } from '../support/electron-standin.ts';
import { moduleVersion } from '../support/native-abi.ts';
import { tempDir } from '../support/serve.ts';

/** app.asar and what is unpacked beside it: Dockhand's own part of the package (Electron comes on top). */
const MAX_APP_BYTES = 25 * 1024 ** 2;

const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as { electronFuses: Record<string, boolean> };
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
/** Electron 45's NODE_MODULE_VERSION, from the electron package's own metadata. */
const ELECTRON_ABI = Number(readFileSync(join(ROOT, 'node_modules/electron/abi_version'), 'utf8'));

const realElectron = electronBinary();
// node-gyp needs Electron's headers to rebuild native modules for it. They come from electronjs.org only
// (the npm registry has no package of them), which this machine cannot reach: they are used where node-gyp
// cached them before (~/.electron-gyp), as @electron/rebuild does.
const headers = existsSync(join(homedir(), '.electron-gyp', ELECTRON_VERSION, 'include', 'node', 'node_version.h'));
// electron-builder makes a deb with fpm, which it downloads from GitHub unless USE_SYSTEM_FPM names one on
// the PATH (Debian has no fpm package), and an AppImage with its appimage tools, also from GitHub unless
// APPIMAGE_TOOLS_PATH names a copy of them.
const fpm = spawnSync('sh', ['-c', 'command -v fpm']).status === 0;
const appImageTools = Boolean(process.env.APPIMAGE_TOOLS_PATH);

let output: string;
let unpacked: string;
let asarFiles: Map<string, { size: number; unpacked: boolean }>;

/** Every file in the asar, by path, with whether it was left outside (app.asar.unpacked). */
function asarListing(file: string): Map<string, { size: number; unpacked: boolean }> {
  type Node = { files?: Record<string, Node>; size?: number; unpacked?: boolean };
  const out = new Map<string, { size: number; unpacked: boolean }>();
  const walk = (node: Node, path: string) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      if (child.files) walk(child, `${path}${name}/`);
      else out.set(`${path}${name}`, { size: child.size ?? 0, unpacked: child.unpacked === true });
    }
  };
  walk(getRawHeader(file).header as Node, '');
  return out;
}

const duBytes = (path: string) => Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split('\t')[0]);

beforeAll(async () => {
  const work = tempDir('dockhand-dist-');
  const built = buildApp(join(work, 'out'));
  output = join(work, 'dist');
  if (fpm) process.env.USE_SYSTEM_FPM = 'true';
  await packageApp({
    built,
    output,
    targets: ['dir', ...(fpm ? ['deb'] : []), ...(appImageTools ? ['AppImage'] : [])],
    config: {
      electronDist: realElectron ? dirname(realElectron) : makeElectronStandin(join(work, 'electron'), ELECTRON_VERSION),
      // Without Electron's headers there is nothing to rebuild with; from source where they are, never a
      // download of prebuilt binaries (a test reaches nothing off this machine).
      npmRebuild: headers,
      buildDependenciesFromSource: true,
    },
  });
  unpacked = join(output, 'linux-unpacked');
  asarFiles = asarListing(join(unpacked, 'resources', 'app.asar'));
}, 20 * 60_000);

afterAll(() => {
  if (output) execFileSync('rm', ['-rf', dirname(output)]);
});

describe('the Linux package (electron-builder, dir target)', () => {
  it("holds main, preload and renderer in app.asar, with package.json's main", () => {
    for (const file of ['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) expect(asarFiles.has(file), file).toBe(true);
    expect(JSON.parse(extractFile(join(unpacked, 'resources/app.asar'), 'package.json').toString()).main).toBe('out/main/index.js');
    // Every chunk main imports came along; the CLI entry did not.
    const main = readFileSync(join(dirname(output), 'out/main/index.js'), 'utf8');
    for (const [, chunk] of main.matchAll(/from "\.\/(chunks\/[^"]+)"/g)) expect(asarFiles.has(`out/main/${chunk}`), chunk).toBe(true);
    expect(asarFiles.has('out/main/cli.js')).toBe(false);
    // The whole renderer: its lazy-loaded screens (the editors, with CodeMirror) are files of their own.
    const renderer = readdirSync(join(dirname(output), 'out/renderer'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(renderer.length).toBeGreaterThan(3);
    for (const e of renderer) expect(asarFiles.has(relative(dirname(output), join(e.parentPath, e.name))), e.name).toBe(true);
  });

  it('holds no test files and no dev dependencies', () => {
    const tests = [...asarFiles.keys()].filter((f) => /(^|\/)(test|tests|__tests__|spec)\//.test(f) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(f));
    expect(tests).toEqual([]);
    const packed = new Set([...asarFiles.keys()].flatMap((f) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? []));
    const production = productionPackageNames();
    expect([...packed].filter((name) => !production.has(name))).toEqual([]);
    const devOnly = Object.keys(pkg.devDependencies).filter((n) => !production.has(n));
    expect(devOnly).toEqual(expect.arrayContaining(['electron', 'electron-builder', 'vite', 'react']));
    expect([...packed].filter((name) => devOnly.includes(name))).toEqual([]);
    for (const runtime of ['better-sqlite3', 'dockerode', '@anthropic-ai/sdk']) expect(packed.has(runtime), runtime).toBe(true);
  });

  it('leaves native modules outside the asar, where they can be loaded', () => {
    const native = [...asarFiles].filter(([f]) => f.endsWith('.node'));
    expect(native.map(([f]) => f)).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    for (const [file, entry] of native) {
      expect(entry.unpacked, file).toBe(true);
      expect(existsSync(join(unpacked, 'resources/app.asar.unpacked', file)), file).toBe(true);
    }
  });

  it('puts the sandbox recipe and the sample sessions beside app.asar, where resourcePath() finds them', () => {
    const resources = join(unpacked, 'resources');
    expect(resourcesDirOf(join(resources, 'app.asar'))).toBe(resources);
    for (const dir of ['sandbox', 'samples']) {
      const shipped = readdirSync(join(ROOT, 'resources', dir)).sort();
      expect(readdirSync(join(resources, dir)).sort(), dir).toEqual(shipped);
      for (const file of shipped) expect(readFileSync(join(resources, dir, file)), `${dir}/${file}`).toEqual(readFileSync(join(ROOT, 'resources', dir, file)));
    }
    expect([...asarFiles.keys()].filter((f) => f.startsWith('resources/'))).toEqual([]);
  });

  const abiName = `builds its native modules for Electron ${ELECTRON_VERSION}'s ABI (NODE_MODULE_VERSION ${ELECTRON_ABI})`;
  it.skipIf(!headers)(
    headers ? abiName : `${abiName} (skipped: no Electron headers here; node-gyp fetches them from electronjs.org only, which this machine cannot reach, and the npm registry carries none)`,
    () => {
      const native = [...asarFiles.keys()].filter((f) => f.endsWith('.node'));
      for (const file of native) expect([ELECTRON_ABI, 'node-api'], file).toContain(moduleVersion(join(unpacked, 'resources/app.asar.unpacked', file)));
    },
  );

  it('sets the fuses electron-builder.yml asks for, and leaves the others as Electron has them', async () => {
    const wire = await getCurrentFuseWire(join(unpacked, 'dockhand'));
    const names: Record<string, FuseV1Options> = {
      runAsNode: FuseV1Options.RunAsNode,
      enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
      enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
      enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
      enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
      onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
      loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
      grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
    };
    const expected: Record<number, boolean> = realElectron ? {} : { ...ELECTRON_DEFAULT_FUSES };
    for (const [name, on] of Object.entries(config.electronFuses)) expected[names[name]!] = on;
    const actual = Object.fromEntries(Object.keys(expected).map((i) => [i, wire[Number(i) as FuseV1Options] === FUSE_ON]));
    expect(actual).toEqual(Object.fromEntries(Object.entries(expected).map(([i, on]) => [i, on])));
    expect(config.electronFuses).toMatchObject({ runAsNode: false, onlyLoadAppFromAsar: true, enableNodeOptionsEnvironmentVariable: false });
  });

  it(`stays under ${MAX_APP_BYTES / 1024 ** 2} MB (app.asar, app.asar.unpacked and the resources beside them)`, () => {
    const size = duBytes(join(unpacked, 'resources'));
    expect(size).toBeLessThan(MAX_APP_BYTES);
  });
});

describe('the other Linux targets', () => {
  const debName = 'deb: installs the app under /opt/Dockhand';
  it.skipIf(!fpm)(fpm ? debName : `${debName} (skipped: electron-builder makes debs with fpm, which it downloads from GitHub, unreachable here; Debian has no fpm package)`, () => {
    const deb = join(output, `dockhand_${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}_amd64.deb`);
    expect(execFileSync('dpkg-deb', ['-f', deb, 'Package'], { encoding: 'utf8' }).trim()).toBe('dockhand');
    const listing = execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8' });
    for (const path of ['./opt/Dockhand/dockhand', './opt/Dockhand/resources/app.asar']) expect(listing).toContain(path);
  });

  const appImageName = 'AppImage: one executable file';
  it.skipIf(!appImageTools)(appImageTools ? appImageName : `${appImageName} (skipped: electron-builder downloads its appimage tools from GitHub, unreachable here; APPIMAGE_TOOLS_PATH can name a copy)`, () => {
    const file = join(output, `Dockhand-${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}.AppImage`);
    expect(readFileSync(file).subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    expect(statSync(file).mode & 0o111).not.toBe(0);
  });
});

describe('the packaged app, running', () => {
  const name = 'opens its window from app.asar, and a second launch hands over to the first';
  const why = !realElectron ? 'no Electron binary on this machine' : !headers ? "no Electron headers to build better-sqlite3 for Electron's ABI" : '';
  it.skipIf(Boolean(why))(why ? `${name} (skipped: ${why})` : name, async () => {
    // Playwright drives Electron through its Node inspector, which the production fuses close: a second
    // package of the same build opens that one fuse, as apps tested this way do.
    const inspectable = join(dirname(output), 'inspectable');
    await packageApp({
      built: join(dirname(output), 'out'),
      output: inspectable,
      targets: ['dir'],
      config: { electronDist: dirname(realElectron!), buildDependenciesFromSource: true, electronFuses: { ...config.electronFuses, enableNodeCliInspectArguments: true } },
    });
    const executable = join(inspectable, 'linux-unpacked', 'dockhand');
    const env = { ...process.env, DOCKHAND_DATA_DIR: tempDir() } as Record<string, string>;
    delete env.ELECTRON_RUN_AS_NODE;
    const args = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    const app = await electron.launch({ executablePath: executable, args, env });
    try {
      const page = await app.firstWindow();
      await page.getByText('No agents yet').waitFor();
      expect(page.url()).toBe('app://dockhand/index.html');
      const second = spawnSync(executable, args, { env, timeout: 30_000 });
      expect(second.status).toBe(0);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
