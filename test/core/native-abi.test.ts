// The reader the packaging test uses to tell which runtime a native module was built for, on real modules
// that npm built for this Node: one registering by symbol (better-sqlite3), one by struct (cpu-features).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleVersion } from '../support/native-abi.ts';

const moduleDir = (name: string) => dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));

describe('moduleVersion', () => {
  it("reads this Node's NODE_MODULE_VERSION from modules built for it, however they register", () => {
    const node = Number(process.versions.modules);
    expect(moduleVersion(join(moduleDir('better-sqlite3'), 'build/Release/better_sqlite3.node'))).toBe(node);
    expect(moduleVersion(join(moduleDir('cpu-features'), 'build/Release/cpufeatures.node'))).toBe(node);
  });
});
