// Writes the README's conformance table again (between its conformance markers), from the SDK and the
// contract (see electron/core/api/conformance.ts):   npx tsx test/support/make-conformance.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { conformanceTable, sdkMethods } from '../../electron/core/api/conformance.ts';

export const README = resolve(import.meta.dirname, '../../README.md');
export const START = '<!-- conformance:start (npx tsx test/support/make-conformance.ts) -->';
export const END = '<!-- conformance:end -->';

/** The table as the SDK installed here and the contract make it. */
export const generated = () => conformanceTable(sdkMethods(new Anthropic({ apiKey: 'unused' }).beta));

/** The README's table as it stands (between the markers). */
export function inReadme(text = readFileSync(README, 'utf8')): string {
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) throw new Error(`README.md has no conformance markers (${START} ... ${END})`);
  return text.slice(from + START.length, to).trim();
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const text = readFileSync(README, 'utf8');
  inReadme(text);
  const from = text.indexOf(START) + START.length;
  writeFileSync(README, `${text.slice(0, from)}\n\n${generated()}\n\n${text.slice(text.indexOf(END))}`);
}
