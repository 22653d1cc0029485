#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step for the CLI).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/core/server/cli.ts');
await main(process.argv.slice(2));
