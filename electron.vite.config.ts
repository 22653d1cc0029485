import { readFileSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standalone from 'ajv/dist/standalone/index.js';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { NONCE_PLACEHOLDER } from './electron/core/server/csp.ts';

const root = import.meta.dirname;

/**
 * `virtual:json-schema-meta`: Ajv's validator of the JSON Schema 2020-12 meta-schema as plain code,
 * for the agent editor's custom-tool schemas (the page's CSP forbids Ajv compiling in the browser).
 */
function jsonSchemaMeta(): Plugin {
  const id = 'virtual:json-schema-meta';
  return {
    name: 'dockhand-json-schema-meta',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(module) {
      if (module !== `\0${id}`) return undefined;
      const ajv = new Ajv2020({ code: { source: true, esm: true }, allErrors: true, strict: false });
      const code = standalone.default(ajv, ajv.getSchema('https://json-schema.org/draft/2020-12/schema')!);
      // The one runtime helper it needs is deep equality; any other would fail the build here.
      const out = code.replaceAll('require("ajv/dist/runtime/equal").default', 'deepEqual');
      if (out.includes('require(')) throw new Error('json-schema-meta: the compiled validator needs an unexpected runtime module');
      return `import deepEqual from 'fast-deep-equal';\n${out}`;
    },
  };
}

/**
 * The host hands' worker (plain JavaScript, run as a Node process of its own) is found beside the code that
 * starts it, hands/host.ts: emitted as it is beside whichever chunk holds that code. Its imports (the SDK)
 * resolve from node_modules like the bundle's.
 */
function hostWorker(): Plugin {
  const starter = resolve(root, 'electron/core/hands/host.ts');
  const worker = resolve(root, 'electron/core/hands/host-worker.mjs');
  return {
    name: 'dockhand:host-worker',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk' && chunk.moduleIds.includes(starter)) {
          this.emitFile({ type: 'asset', fileName: posix.join(posix.dirname(chunk.fileName), 'host-worker.mjs'), source: readFileSync(worker) });
        }
      }
    },
  };
}

export default defineConfig({
  // ESM, two entries sharing core's chunks: Electron's main process and the `dockhand` CLI (run by
  // bin/dockhand.js under Node >= 20, hence the target). package.json's `dependencies` stay in node_modules
  // (externalizeDeps, the default): electron-builder packs them and rebuilds the native ones for Electron;
  // the heavy ones are imported when first used. Everything else is bundled: zod, a devDependency, is
  // needed at start-up and loads faster as part of one file than as its dozens.
  main: {
    plugins: [hostWorker()],
    build: {
      target: 'node20',
      lib: { entry: { index: resolve(root, 'electron/main/index.ts'), cli: resolve(root, 'electron/core/server/cli.ts') }, formats: ['es'], fileName: (_format, name) => `${name}.js` },
      rolldownOptions: { output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
    },
  },
  // A sandboxed preload cannot load modules: one self-contained CommonJS file.
  preload: {
    build: {
      externalizeDeps: false,
      lib: { entry: resolve(root, 'electron/preload/index.ts'), formats: ['cjs'], fileName: () => 'index.cjs' },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react(), jsonSchemaMeta()],
    // A nonce placeholder in the page (a `csp-nonce` meta tag) that the server fills per response.
    html: { cspNonce: NONCE_PLACEHOLDER },
    build: {
      minify: true,
      rolldownOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
