// The layering rule (eslint/layering.js) as ESLint runs it on the project: each wrong-way import is
// reported, each allowed one is not. Snippets are linted as if they lived at the given path.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'dockhand/layering').map((m) => m.message);
}

describe('layering lint rule', () => {
  // ESLint's first run loads its parsers and config (seconds on a busy machine): do it outside the cases' timeouts.
  beforeAll(() => layeringErrors('electron/core/x.ts', ''), 60_000);

  it.each([
    ['core importing electron', 'electron/core/server/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['core importing an electron subpath', 'electron/core/x.ts', "import { ipcMain } from 'electron/main';\nexport const a = ipcMain;"],
    ['core requiring electron', 'electron/core/x.ts', "export const e = require('electron');"],
    ['core importing main', 'electron/core/services/x.ts', "import { registerIpcRouter } from '../../main/ipc.ts';\nexport const r = registerIpcRouter;"],
    ['core importing preload', 'electron/core/x.ts', "export * from '../preload/index.ts';"],
    ['core importing the renderer', 'electron/core/api/x.ts', "import { App } from '../../../renderer/src/App.tsx';\nexport const a = App;"],
    ['core importing only types from the renderer', 'electron/core/x.ts', "import type { Client } from '../../renderer/src/client.ts';\nexport type C = Client;"],
    ['core loading main dynamically', 'electron/core/x.ts', "export const m = () => import('../main/index.ts');"],
    ['the renderer importing a runtime value from core/api', 'renderer/src/x.ts', "import { contract } from '../../electron/core/api/contract.ts';\nexport const c = contract;"],
    ['the renderer using inline type specifiers (the module still loads)', 'renderer/src/x.ts', "import { type Method } from '../../electron/core/api/contract.ts';\nexport type M = Method;"],
    ['the renderer importing core outside api, even as a type', 'renderer/src/x.ts', "import type { Core } from '../../electron/core/runtime.ts';\nexport type C = Core;"],
    ['the renderer importing from electron/main', 'renderer/src/components/x.tsx', "import { APP_ORIGIN } from '../../../electron/main/app-protocol.ts';\nexport const o = APP_ORIGIN;"],
    ['the renderer importing from electron/preload', 'renderer/src/x.ts', "import '../../electron/preload/index.ts';"],
    ['the renderer importing electron', 'renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;"],
    ['main importing the renderer', 'electron/main/x.ts', "import { App } from '../../renderer/src/App.tsx';\nexport const a = App;"],
  ])('reports %s', async (_name, file, code) => {
    const errors = await layeringErrors(file, code);
    expect(errors).toHaveLength(1);
  });

  it.each([
    ['the renderer importing types from core/api', 'renderer/src/x.ts', "import type { CallMethod } from '../../electron/core/api/contract.ts';\nexport type M = CallMethod;"],
    ['the renderer re-exporting types from core/api', 'renderer/src/x.ts', "export type { Bridge } from '../../electron/core/api/bridge.ts';"],
    ['the renderer importing its own modules and packages', 'renderer/src/x.tsx', "import { create } from 'zustand';\nimport { App } from './App.tsx';\nexport const a = [create, App];"],
    ['main importing core and electron', 'electron/main/x.ts', "import { app } from 'electron';\nimport { createCore } from '../core/runtime.ts';\nexport const a = [app, createCore];"],
    ['preload importing core and electron', 'electron/preload/x.ts', "import { contextBridge } from 'electron';\nimport { CHANNELS } from '../core/api/bridge.ts';\nexport const a = [contextBridge, CHANNELS];"],
    ['core importing core and node', 'electron/core/server/x.ts', "import { join } from 'node:path';\nimport { contract } from '../api/contract.ts';\nexport const a = [join, contract];"],
  ])('allows %s', async (_name, file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });

  it('explains what went wrong', async () => {
    const [message] = await layeringErrors('electron/core/x.ts', "import 'electron';");
    expect(message).toMatch(/may not import "electron".*imported: "electron"/);
  });
});
