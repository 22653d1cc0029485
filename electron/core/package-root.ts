// Where Dockhand's own files are at run time. The code runs from its sources (electron/core/...) or
// from a build (out/main/..., in a checkout, an npm install or an Electron app.asar), so files that
// ship beside it are found from the package's root, not from the running file's folder.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The folder holding Dockhand's package.json (in an Electron app, its app.asar). */
export const PACKAGE_ROOT = findRoot(import.meta.dirname);

/**
 * The folder of the files Dockhand ships as they are (the sandbox recipe, the sample sessions), for a
 * package root: resources/ there in a checkout and in an npm install; in an Electron app, the app's
 * resources folder beside app.asar (electron-builder's extraResources), on the real file system where
 * other programs (sh, docker) can read them.
 */
export const resourcesDirOf = (packageRoot: string): string => (basename(packageRoot) === 'app.asar' ? dirname(packageRoot) : join(packageRoot, 'resources'));

export const RESOURCES_DIR = resourcesDirOf(PACKAGE_ROOT);

/** A file or folder of resources/ (see RESOURCES_DIR), e.g. resourcePath('sandbox', 'Dockerfile'). */
export const resourcePath = (...segments: string[]): string => join(RESOURCES_DIR, ...segments);
