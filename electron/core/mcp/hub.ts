// Every session's MCP connections. Lazy, like sandboxes: a server is listed in the background when a model
// request wants its tools (the request never waits: tools join once listed) and connected at the first call
// of one of its tools. Failures become session.error events (mcp_connection_failed_error /
// mcp_authentication_failed_error) and the calls' results say why.
import type { BetaManagedAgentsSessionAgent } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { BetaManagedAgentsCredentialValidation } from '@anthropic-ai/sdk/resources/beta/vaults/credentials';
import type { McpToolDefinition } from '../brain/mcp-tools.ts';
import type { NewEvent, Store } from '../store/index.ts';
import { now } from '../store/ids.ts';
import { credentialName, mcpCredentialFor, readSecret, sessionCredentials, type Credential } from '../vault/credentials.ts';
import type { Vault } from '../vault/index.ts';
import { McpConnection, McpFailure, type Probe, type ServerAuth } from './connection.ts';
import { expiresSoon, isOAuth, OAuthRefresher, RefreshFailed } from './oauth.ts';

type Server = BetaManagedAgentsSessionAgent['mcp_servers'][number];
type ResultContent = NonNullable<Extract<NewEvent, { type: 'agent.mcp_tool_result' }>['content']>;

interface ServerState {
  url: string;
  /** Aborted when the session's connections close: a connect still pending gives up at once. */
  closed: AbortController;
  connection?: Promise<McpConnection>;
  tools?: McpToolDefinition[];
  listing?: Promise<void>;
  /** The last failure reported for this server, so the same one is not reported twice in a row. */
  reported?: string;
}

/** An MCP tool's result as the session's content blocks. */
function toContent(result: { content?: unknown[]; structuredContent?: unknown }): ResultContent {
  const blocks = (result.content ?? []) as { type: string; text?: string; data?: string; mimeType?: string; resource?: { uri: string; text?: string }; uri?: string }[];
  const out: ResultContent = blocks.map((b) => {
    if (b.type === 'text') return { type: 'text', text: b.text ?? '' };
    if (b.type === 'image' && b.data && b.mimeType) return { type: 'image', source: { type: 'base64', media_type: b.mimeType as 'image/png', data: b.data } };
    if (b.type === 'resource' && b.resource?.text !== undefined) return { type: 'text', text: `[resource ${b.resource.uri}]\n${b.resource.text}` };
    if (b.type === 'resource_link') return { type: 'text', text: `[resource link ${b.uri ?? ''}]` };
    return { type: 'text', text: `[${b.type} content: ${JSON.stringify(b).slice(0, 2000)}]` };
  });
  if (!out.length && result.structuredContent !== undefined) out.push({ type: 'text', text: JSON.stringify(result.structuredContent) });
  return out;
}

export class McpHub {
  private readonly sessions = new Map<string, Map<string, ServerState>>();
  private readonly refresher: OAuthRefresher;

  constructor(
    private readonly store: Store,
    private readonly vault: Vault,
  ) {
    this.refresher = new OAuthRefresher(store, vault.secrets);
  }

  /** How requests to a server are authorized, with the credential `find` gives (read again for each request: rotation applies at once). */
  private auth(find: () => Credential | undefined): ServerAuth {
    const found = find();
    return {
      describe: found ? `credential ${found.id} "${credentialName(found)}" of vault ${found.vault_id}` : "no credential in the session's vaults names this URL",
      header: async () => {
        const c = find();
        if (!c) return undefined;
        const secret = await readSecret(this.vault.secrets, c.id);
        if (c.auth.type === 'static_bearer') return secret.token && `Bearer ${secret.token}`;
        if (isOAuth(c)) return `Bearer ${expiresSoon(c) ? await this.refresher.refresh(c) : secret.access_token}`;
        return undefined;
      },
      refused: async () => {
        const c = find();
        if (!c || !isOAuth(c) || !c.auth.refresh) return false;
        await this.refresher.refresh(c);
        return true;
      },
    };
  }

  private state(sessionId: string, server: Server): ServerState {
    let servers = this.sessions.get(sessionId);
    if (!servers) this.sessions.set(sessionId, (servers = new Map()));
    let s = servers.get(server.name);
    if (!s || s.url !== server.url) servers.set(server.name, (s = { url: server.url, closed: new AbortController() }));
    return s;
  }

  private connection(sessionId: string, server: Server, s: ServerState): Promise<McpConnection> {
    if (!s.connection) {
      const auth = this.auth(() => mcpCredentialFor(sessionCredentials(this.store, sessionId), server.url));
      const c = McpConnection.open(server, auth, {}, s.closed.signal);
      s.connection = c;
      c.catch(() => {
        if (s.connection === c) s.connection = undefined; // the next use tries again
      });
    }
    return s.connection;
  }

  /** Records a failure once (until the server works again) as a session.error. */
  private report(sessionId: string, s: ServerState, f: McpFailure): void {
    if (s.reported === f.message) return;
    s.reported = f.message;
    const retry_status = { type: f.type === 'mcp_authentication_failed_error' ? 'terminal' : 'retrying' } as const;
    try {
      this.store.events.append(sessionId, [{ type: 'session.error', error: { type: f.type, mcp_server_name: f.server, message: f.message, retry_status } }]);
    } catch {
      // the session is gone
    }
  }

  /**
   * The tools of the agent's servers that have listed theirs so far. Servers not listed yet are listed in the
   * background: this never waits.
   */
  listed(sessionId: string, agent: BetaManagedAgentsSessionAgent): Map<string, McpToolDefinition[]> {
    const out = new Map<string, McpToolDefinition[]>();
    for (const server of agent.mcp_servers) {
      const s = this.state(sessionId, server);
      if (s.tools) out.set(server.name, s.tools);
      else
        s.listing ??= this.connection(sessionId, server, s)
          .then((c) => c.listTools())
          .then((tools) => {
            s.tools = tools;
            s.reported = undefined;
          })
          .catch((err: unknown) => this.report(sessionId, s, err instanceof McpFailure ? err : new McpFailure('mcp_connection_failed_error', server.name, `MCP server "${server.name}": ${(err as Error).message}`)))
          .finally(() => (s.listing = undefined));
    }
    return out;
  }

  /** Calls a tool; resolves to its result, or rejects with McpFailure (already reported) or the call's own error. */
  async call(sessionId: string, agent: BetaManagedAgentsSessionAgent, serverName: string, tool: string, input: Record<string, unknown>, signal?: AbortSignal): Promise<{ content: ResultContent; isError: boolean }> {
    const server = agent.mcp_servers.find((x) => x.name === serverName);
    if (!server) throw new Error(`the agent has no MCP server named "${serverName}"`);
    const s = this.state(sessionId, server);
    try {
      const c = await this.connection(sessionId, server, s);
      const result = await c.callTool(tool, input, signal);
      s.reported = undefined;
      // The model used this server: from the next request on it sees all its tools.
      if (!s.tools) s.tools = await c.listTools(signal).catch(() => undefined);
      return { content: toContent(result as { content?: unknown[] }), isError: result.isError === true };
    } catch (err) {
      if (err instanceof McpFailure) this.report(sessionId, s, err);
      throw err;
    }
  }

  /** Closes a session's connections (it is archived or deleted, or Dockhand stops). */
  async forget(sessionId: string): Promise<void> {
    const servers = this.sessions.get(sessionId);
    this.sessions.delete(sessionId);
    for (const s of servers?.values() ?? []) {
      s.closed.abort();
      await s.connection?.then((c) => c.close()).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.forget(id)));
  }

  /** mcp_oauth_validate: probes the credential's server (initialize) with its token, refreshing on a refusal. */
  async validate(c: Credential): Promise<BetaManagedAgentsCredentialValidation> {
    if (c.auth.type !== 'mcp_oauth') throw new Error('only mcp_oauth credentials are validated');
    const secret = await readSecret(this.vault.secrets, c.id);
    const base = { type: 'vault_credential_validation' as const, credential_id: c.id, vault_id: c.vault_id, has_refresh_token: !!secret.refresh_token };
    const done = (status: BetaManagedAgentsCredentialValidation['status'], rest: Pick<BetaManagedAgentsCredentialValidation, 'mcp_probe' | 'refresh'>) => ({ ...base, status, ...rest, validated_at: now() });
    if (!secret.access_token) return done('invalid', { mcp_probe: null, refresh: null });
    let refresh: BetaManagedAgentsCredentialValidation['refresh'] = null;
    const auth = this.auth(() => this.store.vaults.credential(c.vault_id, c.id));
    const watched: ServerAuth = {
      ...auth,
      refused: async () => {
        try {
          const again = await auth.refused();
          refresh = again ? { status: 'succeeded', http_response: null } : { status: 'no_refresh_token', http_response: null };
          return again;
        } catch (err) {
          if (!(err instanceof RefreshFailed)) throw err;
          refresh = { status: err.status, http_response: err.httpResponse };
          throw err;
        }
      },
    };
    const probe: Probe = {};
    try {
      const conn = await McpConnection.open({ name: 'validation', url: c.auth.mcp_server_url }, watched, probe);
      await conn.close();
      return done('valid', { mcp_probe: null, refresh });
    } catch (err) {
      const f = err as McpFailure;
      const mcp_probe = { method: 'initialize', http_response: probe.lastError ?? null };
      return done(f.type === 'mcp_authentication_failed_error' ? 'invalid' : 'unknown', { mcp_probe, refresh });
    }
  }
}
