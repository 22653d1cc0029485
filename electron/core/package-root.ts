// Where Dockhand's own files are at run time. The code runs from its sources (electron/core/...) or
// from a build (out/main/..., in a checkout, an npm install or an Electron app.asar), so files that
// ship beside it (resources/, out/renderer, package.json) are found from the package's root, not
// from the running file's folder.
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The folder holding Dockhand's package.json. */
export const PACKAGE_ROOT = findRoot(import.meta.dirname);

/**
 * A file or folder shipped in the package, on the real file system: inside an Electron app that is the
 * unpacked copy beside app.asar (electron-builder's asarUnpack), which other programs (sh, docker) can read.
 */
export const packagePath = (...segments: string[]): string => join(PACKAGE_ROOT, ...segments).replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`);
