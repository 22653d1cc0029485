#!/usr/bin/env node
// `dockhand` from this tree's TypeScript sources, through tsx (a dev dependency): what the tests run,
// so they see the code as it is now rather than whatever out/ holds. Not shipped in the npm package.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/core/server/cli.ts');
await main(process.argv.slice(2));
