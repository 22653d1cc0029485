// Where shipped files are found: the same call serves a checkout (these sources), an npm install and an
// Electron app, whose resources electron-builder puts beside app.asar (checked on a real package by
// test/packaging/app-package.test.ts).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, resourcePath, resourcesDirOf } from '../../electron/core/package-root.ts';

describe('resourcePath', () => {
  it("finds this checkout's resources/ from the sources", () => {
    expect(PACKAGE_ROOT).toBe(resolve(import.meta.dirname, '../..'));
    for (const file of [['sandbox', 'Dockerfile'], ['sandbox', 'rootfs.sh'], ['samples', 'coding-session.jsonl']]) expect(existsSync(resourcePath(...file)), file.join('/')).toBe(true);
  });

  it("is resources/ under an npm install's package root, and an Electron app's resources folder for its app.asar", () => {
    expect(resourcesDirOf('/usr/lib/node_modules/dockhand')).toBe(join('/usr/lib/node_modules/dockhand', 'resources'));
    expect(resourcesDirOf('/opt/Dockhand/resources/app.asar')).toBe('/opt/Dockhand/resources');
  });
});
