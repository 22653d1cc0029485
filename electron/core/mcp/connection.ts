// One MCP connection, made by the host with @modelcontextprotocol/sdk: streamable HTTP, or the older
// HTTP+SSE transport when the server answers streamable HTTP's POST with 404/405. The credential is added
// to every request by our fetch, so the agent never holds it; an OAuth token is refreshed before it
// expires and once more when the server refuses it.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpToolDefinition } from '../brain/mcp-tools.ts';
import { RefreshFailed, type RefreshHttpResponse } from './oauth.ts';

export type McpErrorType = 'mcp_connection_failed_error' | 'mcp_authentication_failed_error';

/** Why a server could not be used, as a session.error names it. */
export class McpFailure extends Error {
  override name = 'McpFailure';
  constructor(
    readonly type: McpErrorType,
    readonly server: string,
    message: string,
  ) {
    super(message);
  }
}

/** How requests to one server are authorized (nothing, when no credential matches its URL). */
export interface ServerAuth {
  /** The Authorization header for the next request (refreshing an expiring token first). */
  header(): Promise<string | undefined>;
  /** The server refused the token: refresh it if the credential can; true when the request is worth sending again. */
  refused(): Promise<boolean>;
  /** For messages: which credential, if any. */
  readonly describe: string;
}

export interface Probe {
  /** The last HTTP error answer the server gave, if any. */
  lastError?: RefreshHttpResponse;
}

const CLIENT_INFO = { name: 'dockhand', version: '0.1.0' };

// The SDK is loaded at the first connection (it takes a while to load), so sessions without MCP never pay for it.
const loadSdk = async () => ({
  ...(await import('@modelcontextprotocol/sdk/client/index.js')),
  ...(await import('@modelcontextprotocol/sdk/client/sse.js')),
  ...(await import('@modelcontextprotocol/sdk/client/streamableHttp.js')),
  ...(await import('@modelcontextprotocol/sdk/client/auth.js')),
});
type Sdk = Awaited<ReturnType<typeof loadSdk>>;
let sdkLoading: Promise<Sdk> | undefined;
const sdk = () => (sdkLoading ??= loadSdk());

/** Our fetch: the credential on every request; one retry after a refresh when the server says 401. */
function authorizedFetch(auth: ServerAuth, probe: Probe): FetchLike {
  return async (url, init) => {
    const send = async () => {
      const headers = new Headers(init?.headers);
      const value = await auth.header();
      if (value) headers.set('authorization', value);
      return fetch(url, { ...init, headers });
    };
    let res = await send();
    if (res.status === 401 && (await auth.refused())) res = await send();
    if (!res.ok && res.status !== 404 && res.status !== 405) {
      const text = await res.clone().text().catch(() => '');
      probe.lastError = { status_code: res.status, content_type: res.headers.get('content-type') ?? '', body: text.slice(0, 2048), body_truncated: text.length > 2048 };
    }
    return res;
  };
}

const statusOf = ({ StreamableHTTPError, SseError }: Sdk, err: unknown): number | undefined => (err instanceof StreamableHTTPError || err instanceof SseError ? err.code : undefined);

/** Turns whatever the SDK or fetch threw into the session.error the official API would give. */
function classify(m: Sdk, server: string, url: string, auth: ServerAuth, err: unknown): McpFailure {
  if (err instanceof McpFailure) return err;
  const cause = (err as { cause?: unknown })?.cause;
  if (err instanceof RefreshFailed || cause instanceof RefreshFailed) return new McpFailure('mcp_authentication_failed_error', server, `MCP server "${server}": ${((cause instanceof RefreshFailed ? cause : err) as Error).message}`);
  const status = statusOf(m, err);
  if (err instanceof m.UnauthorizedError || status === 401 || status === 403)
    return new McpFailure('mcp_authentication_failed_error', server, `MCP server "${server}" (${url}) refused the credential (HTTP ${status ?? 401}; ${auth.describe})`);
  const message = err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err);
  return new McpFailure('mcp_connection_failed_error', server, `could not connect to MCP server "${server}" (${url}): ${message}`);
}

export class McpConnection {
  private constructor(
    private readonly client: Client,
    readonly transport: 'streamable_http' | 'sse',
  ) {}

  /** Connects (initialize) over streamable HTTP, else SSE; rejects with McpFailure. */
  static async open(server: { name: string; url: string }, auth: ServerAuth, probe: Probe = {}, signal?: AbortSignal): Promise<McpConnection> {
    const m = await sdk();
    const fetch = authorizedFetch(auth, probe);
    const url = new URL(server.url);
    const attempt = async (transport: Transport) => {
      const client = new m.Client(CLIENT_INFO, { capabilities: {} });
      try {
        await client.connect(transport, { signal, timeout: 30_000 });
        return client;
      } catch (err) {
        await client.close().catch(() => undefined);
        throw err;
      }
    };
    try {
      return new McpConnection(await attempt(new m.StreamableHTTPClientTransport(url, { fetch })), 'streamable_http');
    } catch (err) {
      const status = statusOf(m, err);
      if (status !== 404 && status !== 405) throw classify(m, server.name, server.url, auth, err);
    }
    try {
      return new McpConnection(await attempt(new m.SSEClientTransport(url, { fetch })), 'sse');
    } catch (err) {
      throw classify(m, server.name, server.url, auth, err);
    }
  }

  async listTools(signal?: AbortSignal): Promise<McpToolDefinition[]> {
    const tools: McpToolDefinition[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.client.listTools(cursor ? { cursor } : {}, { signal });
      tools.push(...page.tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema as Record<string, unknown> })));
      cursor = page.nextCursor;
    } while (cursor);
    return tools;
  }

  callTool(name: string, args: Record<string, unknown>, signal?: AbortSignal) {
    return this.client.callTool({ name, arguments: args }, undefined, { signal, timeout: 300_000 });
  }

  close(): Promise<void> {
    return this.client.close().catch(() => undefined);
  }
}
