#!/usr/bin/env node
// The `dockhand` command. Runs the build (out/main/cli.js, made by `npm run build` and shipped in the
// npm package). A source checkout without a build runs the TypeScript sources through tsx instead
// (a dev dependency), and says so: `npm run build` makes it run what ships.
import { existsSync } from 'node:fs';

const built = new URL('../out/main/cli.js', import.meta.url);
if (existsSync(built)) {
  const { main } = await import(built.href);
  await main(process.argv.slice(2));
} else if (existsSync(new URL('./dockhand-src.js', import.meta.url))) {
  process.stderr.write('dockhand: no build in out/ (npm run build); running the TypeScript sources through tsx\n');
  await import('./dockhand-src.js');
} else {
  process.stderr.write('dockhand: this installation has no build (out/main/cli.js); reinstall it\n');
  process.exit(1);
}
