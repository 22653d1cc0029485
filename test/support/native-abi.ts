// Which runtime a native module (.node) was built for: its NODE_MODULE_VERSION (Node 20: 115; each
// Electron major has its own, e.g. 45: 150), or 'node-api' for a module that any runtime can load.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function moduleVersion(file: string): number | 'node-api' {
  const binary = readFileSync(file).toString('latin1');
  // Context-aware modules (NODE_MODULE_INIT) export their version in a symbol's name.
  const registered = /node_register_module_v(\d+)/.exec(binary);
  if (registered) return Number(registered[1]);
  if (/napi_register_module_v1|node_api_module_get_api_version_v1/.test(binary)) return 'node-api';
  // Older modules (NODE_MODULE) keep it in a struct they register when loaded: ask this Node to load the
  // file, which either works (it is this Node's) or says which version the file was built for.
  const load = spawnSync(process.execPath, ['-e', 'process.dlopen({ exports: {} }, process.argv[1])', file], { encoding: 'utf8' });
  if (load.status === 0) return Number(process.versions.modules);
  const stated = /compiled against a different Node\.js version using\s+NODE_MODULE_VERSION (\d+)/.exec(load.stderr);
  if (stated) return Number(stated[1]);
  throw new Error(`cannot tell which runtime ${file} was built for:\n${load.stderr}`);
}
