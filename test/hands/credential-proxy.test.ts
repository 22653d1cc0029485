// The host's side of credential injection, on the egress proxy alone (driven from this process): placeholders
// become the credential only in requests to its allowed hosts, in headers and (when asked) bodies; git's route
// reaches only the session's repositories, with their token.
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GIT_HOST, type ProxyCredentials } from '../../electron/core/hands/docker/credential-injection.ts';
import { egressPolicy } from '../../electron/core/hands/docker/egress-policy.ts';
import { startEgressProxy, type EgressProxy } from '../../electron/core/hands/docker/egress-proxy.ts';
import { gitServer, type GitServer } from './git-server.ts';
import { hasIp, isRoot, startLan, type Lan } from './network-rig.ts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const SECRET = `secret-${Math.random().toString(36).slice(2)}`;
const PLACEHOLDER = 'dockhand-placeholder-vcrd_test';

/** One raw HTTP/1.1 request through the proxy; the whole answer. */
function through(proxy: EgressProxy, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(proxy.port, proxy.address);
    let text = '';
    s.on('data', (d) => (text += d.toString()));
    s.on('close', () => resolve(text));
    s.on('error', reject);
    s.write(request);
  });
}

describe.skipIf(!(isRoot && hasIp))('credential injection in the egress proxy (skipped: the stand-in world needs root and iproute2)', () => {
  let lan: Lan;
  let repo: GitServer;
  let proxy: EgressProxy;

  beforeAll(async () => {
    [lan, repo] = await Promise.all([startLan(), gitServer('acme', 'tools', SECRET, { smart: true })]);
    const credentials: ProxyCredentials = {
      repositories: [{ id: 'sesrsc_repo1', url: repo.url, token: async () => SECRET }],
      substitutions: [{ name: 'TOKEN', placeholder: PLACEHOLDER, value: async () => SECRET, allows: (host) => host === lan.public, header: true, body: true }],
    };
    const policy = egressPolicy({ type: 'limited', allowed_hosts: [lan.public, lan.private], allow_package_managers: false, allow_mcp_servers: false });
    proxy = await startEgressProxy({ listen: '127.0.0.1', policy, credentials });
  });
  afterAll(async () => {
    await proxy?.close();
    await Promise.all([repo?.close(), lan?.close()]);
  });

  const post = (host: string, body: string) =>
    through(proxy, `POST http://${host}:${lan.hashPort}/ HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${PLACEHOLDER}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);

  it('puts the value in place of the placeholder, in the header and the body, for an allowed host only', async () => {
    const body = `{"key":"${PLACEHOLDER}"}`;
    expect(await post(lan.public, body)).toContain(`sha256 ${sha(`Bearer ${SECRET}`)} body ${sha(`{"key":"${SECRET}"}`)}`);
    // Another host the environment allows, but not the credential: the placeholder goes as it is.
    expect(await post(lan.private, body)).toContain(`sha256 ${sha(`Bearer ${PLACEHOLDER}`)} body ${sha(body)}`);
  });

  it("serves git's smart HTTP for the session's repositories only, adding the token", async () => {
    const refs = await through(proxy, `GET http://${GIT_HOST}/sesrsc_repo1.git/info/refs?service=git-upload-pack HTTP/1.1\r\nHost: ${GIT_HOST}\r\nConnection: close\r\n\r\n`);
    expect(refs).toMatch(/^HTTP\/1\.1 200/);
    expect(refs).toContain(repo.head('main'));
    expect(repo.refused).toBe(0);
    for (const path of ['/sesrsc_other.git/info/refs', '/sesrsc_repo1.git/config', '/sesrsc_repo1.git/../../etc/passwd']) {
      expect(await through(proxy, `GET http://${GIT_HOST}${path} HTTP/1.1\r\nHost: ${GIT_HOST}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 404/);
    }
  });
});
