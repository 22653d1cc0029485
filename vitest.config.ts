import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'core', include: ['test/core/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'api', include: ['test/api/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 60_000 } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 60_000 } },
      { test: { name: 'hands', include: ['test/hands/**/*.test.ts'], environment: 'node', testTimeout: 300_000, hookTimeout: 600_000 } },
      // Packs and installs the CLI (compiling better-sqlite3) and packages the app: heavy, so after the others.
      { test: { name: 'packaging', include: ['test/packaging/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 1_200_000, sequence: { groupOrder: 1 } } },
    ],
  },
});
