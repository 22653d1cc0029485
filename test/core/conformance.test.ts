// The README's conformance table is the one the SDK and the contract make: it fails when the SDK gains
// a Managed Agents method (or resource) the table does not list, or the contract an operation it does
// not show. Fix: `npx tsx test/support/make-conformance.ts`, then fill in MISSING for partial methods.
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { HELPERS, MISSING, OUT_OF_SCOPE, SCOPE, conformanceRows, sdkMethods, sdkResources } from '../../electron/core/api/conformance.ts';
import { contract } from '../../electron/core/api/contract.ts';
import { generated, inReadme } from '../support/make-conformance.ts';

const beta = new Anthropic({ apiKey: 'unused' }).beta;

describe('the conformance table', () => {
  it('in the README is the one the SDK and the contract make (regenerate: npx tsx test/support/make-conformance.ts)', () => {
    expect(inReadme()).toBe(generated());
  });

  it('lists every method of the Managed Agents resources the SDK has', () => {
    const methods = sdkMethods(beta);
    for (const m of ['agents.create', 'sessions.events.stream', 'sessions.resources.add', 'files.upload', 'skills.versions.download', 'environments.work.poll']) expect(methods).toContain(m);
    const table = inReadme();
    for (const m of methods) expect(table, m).toContain(`| \`${m}\` |`);
  });

  it('knows every top-level beta resource of the SDK: Managed Agents or another product', () => {
    const known = new Set<string>([...SCOPE, ...OUT_OF_SCOPE]);
    expect(sdkResources(beta).filter((r) => !known.has(r))).toEqual([]);
  });

  it("every note names an SDK method, and every partial one is served; the contract's SDK operations all appear", () => {
    const methods = new Set(sdkMethods(beta));
    for (const m of [...Object.keys(MISSING), ...Object.keys(HELPERS)]) expect(methods.has(m), m).toBe(true);
    const rows = conformanceRows([...methods]);
    for (const m of Object.keys(MISSING)) expect(rows.find((r) => r.method === m)?.status, m).toBe('partial');
    // A contract operation named like an SDK method is that method (the rest are Dockhand extensions).
    const served = new Set(rows.flatMap((r) => (r.op ? [r.op] : [])));
    const sdkNamed = Object.keys(contract).filter((op) => methods.has(op));
    for (const op of sdkNamed) expect(served.has(op as never), op).toBe(true);
  });
});
