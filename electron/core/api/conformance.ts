// How much of the official SDK's Managed Agents surface Dockhand serves, as the README's table. The
// methods come from the SDK itself (walked at run time), the status from the contract: a method the
// contract has is supported, or partial when a note below says what is missing; one it lacks is not yet.
// test/core/conformance.test.ts fails when the README's table differs from this (the SDK gained a
// method, the contract an operation); `npx tsx test/support/make-conformance.ts` writes it again.
import { contract, type Method } from './contract.ts';

/** The SDK's top-level beta resources that make up Managed Agents. */
export const SCOPE = ['agents', 'environments', 'sessions', 'deployments', 'deploymentRuns', 'vaults', 'memoryStores', 'files', 'skills'] as const;
/** The SDK's other beta resources: other products of the API, not Managed Agents. */
export const OUT_OF_SCOPE = ['models', 'messages', 'webhooks', 'userProfiles', 'dreams', 'tunnels', 'compliance', 'organization'] as const;

/** SDK methods whose contract operation has another name. */
const ALIASES: Partial<Record<string, Method>> = {
  'sessions.events.list': 'events.list',
  'sessions.events.send': 'events.send',
  'sessions.events.stream': 'events.stream',
  'vaults.credentials.mcpOAuthValidate': 'vaults.credentials.mcp_oauth_validate',
};

/** What a served method does not do yet (it is then partial). */
export const MISSING: Partial<Record<string, string>> = {
  'agents.create': "custom skills are mounted and listed to the model with Docker hands only; Anthropic's own skills (`type: anthropic`) are stored, not loaded (they are not published for local use); multiagent is stored, not run",
  'agents.update': 'as agents.create',
  'environments.create': 'self_hosted configs are refused (400): Dockhand has no self-hosted worker',
  'environments.update': 'as environments.create',
  'sessions.create': '`memory_store` resources are refused (400); user.define_outcome is recorded, outcomes are not evaluated',
  'sessions.update': '`vault_ids` is refused (400), as the official API does',
  'sessions.list': '`deployment_id` and `memory_store_id` filters answer 400',
  'sessions.events.send': 'user.define_outcome is recorded with its outcome_id, outcomes are not evaluated; system.message joins the request\'s system prompt (the Messages API has no mid-conversation system turns)',
  'skills.list': "`source: anthropic` finds none: Anthropic's skills are not published for local use",
};

/** Methods that run in the client over other methods, with no route of their own. */
export const HELPERS: Partial<Record<string, string>> = {
  'environments.work.poller': 'a self-hosted worker loop over environments.work',
  'environments.work.worker': 'a self-hosted worker over environments.work',
  'sessions.events.toolRunner': 'runs custom tools in the client over events.stream and events.send; not tested against Dockhand',
};

export type Status = 'supported' | 'partial' | 'not yet' | 'client helper';
export interface Row {
  method: string;
  status: Status;
  note: string;
  /** The contract operation serving it, if any. */
  op?: Method;
}

interface ApiResourceLike {
  _client?: unknown;
}

/** Every method of `beta.<resource>` and its sub-resources, as `resource.sub.method`. */
export function sdkMethods(beta: object, resources: readonly string[] = SCOPE): string[] {
  const out: string[] = [];
  const walk = (obj: object, path: string): void => {
    for (const k of Object.getOwnPropertyNames(Object.getPrototypeOf(obj))) {
      if (k !== 'constructor' && !k.startsWith('_') && typeof (obj as Record<string, unknown>)[k] === 'function') out.push(`${path}.${k}`);
    }
    for (const [k, v] of Object.entries(obj)) {
      if (!k.startsWith('_') && v && typeof v === 'object' && (v as ApiResourceLike)._client) walk(v as object, `${path}.${k}`);
    }
  };
  for (const r of resources) walk((beta as Record<string, object>)[r]!, r);
  return out;
}

/** The SDK's top-level beta resources. */
export const sdkResources = (beta: object): string[] =>
  Object.entries(beta)
    .filter(([k, v]) => !k.startsWith('_') && v && typeof v === 'object' && (v as ApiResourceLike)._client)
    .map(([k]) => k);

export function conformanceRows(methods: readonly string[]): Row[] {
  return methods.map((method) => {
    const op = ALIASES[method] ?? (Object.hasOwn(contract, method) ? (method as Method) : undefined);
    if (HELPERS[method]) return { method, status: 'client helper', note: HELPERS[method] };
    if (!op) return { method, status: 'not yet', note: '' };
    const missing = MISSING[method];
    return { method, op, status: missing ? 'partial' : 'supported', note: missing ?? '' };
  });
}

/** The README's table (Markdown), with a count per status. */
export function conformanceTable(methods: readonly string[]): string {
  const rows = conformanceRows(methods);
  const count = (s: Status) => rows.filter((r) => r.status === s).length;
  const route = (op?: Method) => (op ? `\`${contract[op].route}\`` : '');
  return [
    `${rows.length} methods: ${count('supported')} supported, ${count('partial')} partial, ${count('not yet')} not yet, ${count('client helper')} client helpers.`,
    '',
    '| SDK method (`client.beta.`) | Status | Route | What is missing |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| \`${r.method}\` | ${r.status} | ${route(r.op)} | ${r.note} |`),
  ].join('\n');
}
