// The sentinel: one unique secret value, set as the model's API key, as an MCP server's bearer token, as an
// environment_variable credential and as a repository's token. A session uses all four (the model answers, an
// MCP tool runs, the agent's git pushes to and pulls from a smart-HTTP server that requires the token, and
// its curl reaches an allowed host that checks the substituted header); afterwards the value is nowhere:
// not in the SQLite files (raw bytes, WAL included) or any other file of the data directory, the event log,
// the server's output, the container's environment, filesystem and /proc, nor any request the model received.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeholderFor } from '../../electron/core/hands/docker/credential-injection.ts';
import { brainRig, say, turn, type BrainRig } from '../support/brain.ts';
import { keychainUp, keychainValue } from '../support/keychain.ts';
import { authFront, everything, type AuthFront, type Child } from '../support/mcp/servers.ts';
import { reply, toolUse } from '../support/scripted-model/index.ts';
import { gitServer, type GitServer } from './git-server.ts';
import { hasIp, isRoot, startLan, type Lan } from './network-rig.ts';
import { baseImage, containersOf, docker, engineUp } from './sandbox-rig.ts';

const SENTINEL = `sentinel-${randomBytes(16).toString('hex')}`;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
/** A shell word for `s` whose text does not contain it (a search must not plant what it looks for: patterns reach grep through a pipe, never its command line). */
const split = (s: string) => `"${s.slice(0, 8)}""${s.slice(8)}"`;
/** Forms the value takes on the wire: itself, and git's Basic header. */
const FORMS = [SENTINEL, Buffer.from(`x-access-token:${SENTINEL}`).toString('base64')];

/** Every file under `dir` holding one of `needles`. */
function filesHolding(dir: string, needles: readonly string[] = FORMS): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((e) => join(dir, e))
    .filter((p) => statSync(p).isFile() && needles.some((f) => readFileSync(p).includes(f)));
}

const ready = keychainUp && engineUp && isRoot && hasIp;

describe.skipIf(!ready)('one secret as model key, MCP token, environment variable and git token (skipped: needs the OS keychain, a Docker engine, root and iproute2)', () => {
  let rig: BrainRig;
  let lan: Lan;
  let repo: GitServer;
  let mcp: Child;
  let front: AuthFront;

  beforeAll(async () => {
    await baseImage();
    [lan, repo, mcp] = await Promise.all([startLan(), gitServer('acme', 'widgets', SENTINEL, { smart: true }), everything('streamableHttp')]);
    front = await authFront(mcp.url);
    front.accepted.add(SENTINEL);
    // No ANTHROPIC_API_KEY: the model key is the one set below, through the API, into the keychain.
    rig = await brainRig({ model: { apiKey: SENTINEL }, args: ['--hands', 'docker'], env: { ANTHROPIC_API_KEY: '' } });
  });
  afterAll(async () => {
    await rig?.close();
    await Promise.all([front?.close(), mcp?.close(), repo?.close(), lan?.close()]);
  });

  it('is used everywhere it is needed and appears nowhere else', async () => {
    const client = rig.client;
    await client.post('/v1/dockhand/settings/model_key', { body: { api_key: SENTINEL } });
    const mcpUrl = `${front.origin}/mcp`;
    const vault = await client.beta.vaults.create({ display_name: 'Sentinel' });
    await client.beta.vaults.credentials.create(vault.id, { display_name: 'mcp token', auth: { type: 'static_bearer', token: SENTINEL, mcp_server_url: mcpUrl } });
    const variable = await client.beta.vaults.credentials.create(vault.id, {
      display_name: 'service token',
      auth: { type: 'environment_variable', secret_name: 'SERVICE_TOKEN', secret_value: SENTINEL, networking: { type: 'limited', allowed_hosts: [lan.public] } },
    });
    const environment = await client.beta.environments.create({
      name: `sentinel-${randomBytes(4).toString('hex')}`,
      config: { type: 'cloud', packages: { apt: ['git', 'curl'] }, networking: { type: 'limited', allowed_hosts: [lan.public, lan.private] } },
    });
    const agent = await client.beta.agents.create({
      name: 'sentinel',
      model: 'claude-sonnet-4-6',
      tools: [{ type: 'agent_toolset_20260401' }, { type: 'mcp_toolset', mcp_server_name: 'everything', default_config: { permission_policy: { type: 'always_allow' } } }],
      mcp_servers: [{ type: 'url', name: 'everything', url: mcpUrl }],
    });
    const session = await client.beta.sessions.create({
      agent: agent.id,
      environment_id: environment.id,
      vault_ids: [vault.id],
      resources: [{ type: 'github_repository', url: repo.url, authorization_token: SENTINEL }],
    });
    const before = repo.head('main');

    const work = [
      'cd /workspace/widgets && echo "changed in the sandbox" >> README.md',
      'git -c user.name=agent -c user.email=agent@example.com commit -qam "from the sandbox"',
      'git push -q origin HEAD:main 2>&1 && git pull -q 2>&1 && echo pushed-and-pulled',
      `curl -s -H "Authorization: Bearer $SERVICE_TOKEN" http://${lan.public}:${lan.hashPort}/`,
      `curl -s -H "Authorization: Bearer $SERVICE_TOKEN" http://${lan.private}:${lan.hashPort}/`,
    ].join(' && ');
    rig.model.enqueue(reply([toolUse('bash', { command: work, timeout_ms: 120_000 })]), reply([toolUse('mcp__everything__echo', { message: 'sentinel session' })]), reply('All done.'));
    const { events, idle } = await turn(client, session.id, [say('push, check the service, echo')]);
    expect(idle.stop_reason.type).toBe('end_turn');

    // Each use worked: git's push and pull through the host's proxy with the token ...
    const bash = JSON.stringify(events.find((e) => e.type === 'agent.tool_result'));
    expect(bash).toContain('pushed-and-pulled');
    expect(repo.head('main')).not.toBe(before);
    // ... the allowed host got the real value in the header, the other allowed host only the placeholder ...
    expect(bash).toContain(`sha256 ${sha(`Bearer ${SENTINEL}`)}`);
    expect(bash).toContain(`sha256 ${sha(`Bearer ${placeholderFor(variable.id)}`)}`);
    // ... the MCP server was called with its token, and the model with its key (it answered every request).
    expect(events.find((e) => e.type === 'agent.mcp_tool_result')).toMatchObject({ is_error: false, content: [{ type: 'text', text: 'Echo: sentinel session' }] });
    expect(front.seen).toContain(`Bearer ${SENTINEL}`);
    expect(rig.model.requests).toHaveLength(3);
    expect(await keychainValue(rig.server.dataDir, 'model-api-key')).toBe(SENTINEL); // where it is kept

    // The sandbox: its settings, every process's environment and command line, its whole filesystem.
    const [c] = await containersOf(session.id);
    const container = docker.getContainer(c!.Id);
    const inspected = JSON.stringify(await container.inspect());
    expect(inspected).toContain('SERVICE_TOKEN=dockhand-placeholder-');
    for (const f of FORMS) expect(inspected).not.toContain(f);
    // The placeholder goes first: a control that the search finds what is there.
    const search = `for p in ${[placeholderFor(variable.id), ...FORMS].map(split).join(' ')}; do echo "proc:$(cat /proc/[0-9]*/environ /proc/[0-9]*/cmdline 2>/dev/null | grep -acF -f <(echo "$p")) files:[$(grep -rlsF -f <(echo "$p") / --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev | tr '\\n' ' ')]"; done`;
    const exec = await container.exec({ Cmd: ['bash', '-c', search], AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({});
    const out = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      stream.on('data', (d: Buffer) => chunks.push(d));
      stream.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    });
    const found = [...out.matchAll(/proc:(\d+) files:\[([^\]]*)\]/g)].map((m) => [Number(m[1]), m[2]!.trim()] as const);
    expect(found).toHaveLength(3);
    expect(found[0]![0]).toBeGreaterThan(0);
    expect(found.slice(1)).toEqual([
      [0, ''],
      [0, ''],
    ]);

    // The model's requests, the event log, the server's output.
    const sent = JSON.stringify(rig.model.requests.map((r) => r.body));
    const log = JSON.stringify((await client.beta.sessions.events.list(session.id, { limit: 1000 })).data);
    expect(log).toContain('pushed-and-pulled'); // the searches see what is there
    for (const f of FORMS) {
      expect(sent).not.toContain(f);
      expect(log).not.toContain(f);
    }
    // Every file of the data directory (the SQLite files raw, WAL included, the clone, outputs), while running and after a stop.
    const dataDir = rig.server.dataDir;
    expect(existsSync(join(dataDir, 'dockhand.db-wal'))).toBe(true);
    expect(filesHolding(dataDir, [session.id]).length).toBeGreaterThan(0); // the search sees what is stored
    expect(filesHolding(dataDir)).toEqual([]);
    await rig.server.stop();
    expect(filesHolding(dataDir)).toEqual([]);
    for (const f of FORMS) expect(rig.server.stderr()).not.toContain(f);
  });
});
