import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { NONCE_PLACEHOLDER } from './electron/core/server/csp.ts';

const root = import.meta.dirname;

export default defineConfig({
  // ESM main (Electron >= 28); core is bundled in, except the native SQLite binding.
  main: {
    build: {
      externalizeDeps: false,
      lib: { entry: resolve(root, 'electron/main/index.ts'), formats: ['es'], fileName: () => 'index.js' },
      rolldownOptions: { external: ['better-sqlite3'] },
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
    plugins: [react()],
    // A nonce placeholder in the page (a `csp-nonce` meta tag) that the server fills per response.
    html: { cspNonce: NONCE_PLACEHOLDER },
    build: {
      minify: true,
      rolldownOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
