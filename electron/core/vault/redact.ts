// Redaction: a secret value Dockhand knows for a session (the model key, its vaults' credentials, its
// repository tokens) that shows up in a tool's output, an MCP result or the model's own words is replaced by
// `[redacted: NAME]` before it is stored or sent to the model.
import type { Store } from '../store/index.ts';
import { credentialName, readSecret, sessionCredentials } from './credentials.ts';
import type { Vault } from './index.ts';

export type Redact = (text: string) => string;

/** Shorter values would match ordinary text. */
const MIN_LENGTH = 6;

/** Replaces each known value (longest first, so a value inside another does not split it). */
export function redactor(known: readonly { name: string; value: string }[]): Redact {
  const list = known.filter((k) => k.value.length >= MIN_LENGTH).sort((a, b) => b.value.length - a.value.length);
  if (!list.length) return (t) => t;
  return (text) => list.reduce((t, k) => (t.includes(k.value) ? t.split(k.value).join(`[redacted: ${k.name}]`) : t), text);
}

/** Applies `redact` to every string inside a JSON value (tool inputs), leaf by leaf so the JSON stays whole. */
export const redactJson = <T>(value: T, redact: Redact): T => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? redact(v) : v)) ?? 'null') as T;

/** The secret values a session can meet, with the names its markers show. Missing ones (no keychain) are skipped. */
export async function sessionRedactor(store: Store, vault: Vault, sessionId: string): Promise<Redact> {
  const known: { name: string; value: string }[] = [];
  const add = (name: string, value: string | undefined) => value && known.push({ name, value });
  const tryRead = <T>(p: Promise<T>) => p.catch(() => undefined);
  add('model API key', await tryRead(vault.modelKey.get()));
  for (const c of sessionCredentials(store, sessionId)) {
    const s = (await tryRead(readSecret(vault.secrets, c.id))) ?? {};
    for (const v of [s.token, s.access_token, s.refresh_token, s.client_secret, s.secret_value]) add(credentialName(c), v);
  }
  const session = store.sessions.get(sessionId);
  for (const id of session?.body.token_resources ?? []) {
    const r = session!.body.resources.find((x) => x.type === 'github_repository' && x.id === id) as { url: string } | undefined;
    const token = await tryRead(vault.sessionSecrets.get(sessionId, id));
    const name = `repository token for ${r?.url ?? id}`;
    add(name, token);
    // As git sends it (HTTP Basic).
    if (token) add(name, Buffer.from(`x-access-token:${token}`).toString('base64'));
  }
  return redactor(known);
}
