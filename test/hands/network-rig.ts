// Shared by the network tests: a throwaway busybox image, running scripts in containers on a sandbox
// network, and a stand-in for the world outside this host that never leaves it (`startLan`).
import { execFile, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type Dockerode from 'dockerode';
import { managedLabels } from '../../electron/core/hands/docker/engine.ts';
import type { SandboxNetwork } from '../../electron/core/hands/docker/network.ts';
import { docker, engineUp, neededInCi } from './sandbox-rig.ts';

export const run = promisify(execFile);
const BUSYBOX = '/bin/busybox';
export const canBuild = neededInCi(await run('test', ['-x', BUSYBOX]).then(() => true, () => false), `${BUSYBOX} is missing (busybox-static)`) && engineUp;
export const isRoot = neededInCi(process.getuid?.() === 0, 'the tests do not run as root (iptables, network namespaces)');
/** `ip` (iproute2), for the stand-in world's network namespace. */
export const hasIp = neededInCi(await run('ip', ['-V']).then(() => true, () => false), 'iproute2 (ip) is missing');

/** This test process's image: files running in parallel each have their own. */
export const IMAGE = `dockhand-test/net-busybox:${process.pid}`;

/** Builds the throwaway image: Debian's static busybox (sh, wget, nc, httpd, nslookup) and nothing else. */
export async function buildImage(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'dockhand-nettest-'));
  try {
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'tmp'));
    chmodSync(join(root, 'tmp'), 0o1777);
    copyFileSync(BUSYBOX, join(root, 'bin/busybox'));
    for (const applet of ['sh', 'cat', 'ls', 'wget', 'nc', 'httpd', 'printf', 'echo', 'sleep', 'timeout', 'mkdir', 'nslookup', 'seq', 'wait'])
      symlinkSync('busybox', join(root, 'bin', applet));
    const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [repo, tag] = IMAGE.split(':');
    const stream = await docker.importImage(tar.stdout, { repo, tag });
    await new Promise((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve(undefined))));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export const removeImage = () => docker.getImage(IMAGE).remove({ force: true }).catch(() => undefined);

/**
 * Runs `script` in a hardened throwaway container on `net` (its HostConfig as networkFor gave it, or
 * `hostConfig` instead); its exit code and output (stdout + stderr).
 */
export async function runIn(
  session: string,
  net: SandboxNetwork,
  script: string,
  opts: { env?: Record<string, string>; hostConfig?: Dockerode.HostConfig } = {},
): Promise<{ code: number; out: string }> {
  const c = await docker.createContainer({
    Image: IMAGE,
    Cmd: ['sh', '-c', script],
    Env: Object.entries(opts.env ?? net.env).map(([k, v]) => `${k}=${v}`),
    User: '1000',
    Tty: true,
    Labels: managedLabels(session),
    HostConfig: { ...(opts.hostConfig ?? net.hostConfig), CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'] },
  });
  try {
    await c.start();
    const { StatusCode } = await c.wait();
    // A tty turns every \n into \r\n (and HTTP's \r\n into \r\r\n): back to plain lines.
    const out = (await c.logs({ stdout: true, stderr: true })).toString().replace(/\r+\n/g, '\n');
    return { code: StatusCode, out };
  } finally {
    await c.remove({ force: true });
  }
}

/** A busybox HTTP server container on `network` answering `body` on port 8080; the container and its address there. */
export async function startServer(session: string, network: string, body: string): Promise<{ container: Dockerode.Container; ip: string }> {
  const container = await docker.createContainer({
    Image: IMAGE,
    Cmd: ['sh', '-c', `mkdir -p /tmp/www && echo ${body} > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www`],
    User: '1000',
    Labels: managedLabels(session),
    HostConfig: { NetworkMode: network, CapDrop: ['ALL'] },
  });
  await container.start();
  return { container, ip: (await container.inspect()).NetworkSettings.Networks[network]!.IPAddress };
}

/** A sandbox network's bridge interface and gateway (this host's address on it), as the engine reports them. */
export async function bridgeOf(name: string): Promise<{ info: Dockerode.NetworkInspectInfo; bridge: string; gateway: string }> {
  const info = await docker.getNetwork(name).inspect();
  return { info, bridge: info.Options!['com.docker.network.bridge.name']!, gateway: info.IPAM!.Config![0]!.Gateway! };
}

export async function networkExists(name: string): Promise<boolean> {
  return docker
    .getNetwork(name)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

/** A chain of the host's filter table, as `iptables -S` prints it. */
export async function rulesOf(chain: string): Promise<string> {
  return (await run('iptables', ['-w', '-S', chain])).stdout;
}

/**
 * The world outside, kept on this host: a network namespace of the test's own behind a veth pair, with
 * an HTTP server on port 8080 of every address it holds, answering `lan <address it was asked at>
 * host=<Host header>`, and a TCP echo server on 8081. Its addresses, each routed from this host into the namespace:
 * - `public`: stands for an internet host (198.18.0.0/15, the benchmarking range: neither private nor anyone's);
 * - `private` (172.16.0.0/16, a LAN), `cgnat` (the namespace's end of the veth, 100.64.0.0/10),
 *   `linkLocal` (169.254.0.0/16): what a sandbox must not reach unless opened;
 * - `blackhole`: an address whose packets the namespace drops (a host that never answers);
 * - `hostSide`: this host's own end of the veth.
 * Addresses derive from the pid, so test files running at once do not meet.
 */
export interface Lan {
  public: string;
  private: string;
  cgnat: string;
  linkLocal: string;
  blackhole: string;
  hostSide: string;
  port: number;
  /** A TCP echo server (no timeouts of its own). */
  echoPort: number;
  /** An HTTP server answering `sha256 <hex of the Authorization header> body <hex of the body>`: it checks a credential without echoing it. */
  hashPort: number;
  close(): Promise<void>;
}

export async function startLan(): Promise<Lan> {
  const i = process.pid % 65536;
  const [a, b] = [i >> 8, i & 255];
  const link = i * 4; // a /30 of 100.64.0.0/10 per pid
  const linkIp = (k: number) => `100.${64 + ((link + k) >> 16)}.${((link + k) >> 8) & 255}.${(link + k) & 255}`;
  const lan = {
    public: `198.18.${a}.${b}`,
    private: `172.16.${a}.${b}`,
    cgnat: linkIp(2),
    // Never the cloud metadata address itself.
    linkLocal: a === 169 && b === 254 ? '169.254.169.253' : `169.254.${a}.${b}`,
    blackhole: `198.19.${a}.${b}`,
    hostSide: linkIp(1),
    port: 8080,
    echoPort: 8081,
    hashPort: 8082,
  };
  const ns = `dhnt${process.pid}`;
  const ip = (...args: string[]) => run('ip', args);
  await ip('netns', 'add', ns);
  let server: ReturnType<typeof spawn> | undefined;
  const close = async () => {
    server?.kill();
    // Deleting the namespace deletes the veth pair, and with it the routes through it.
    await ip('netns', 'del', ns).catch(() => undefined);
  };
  try {
    await ip('link', 'add', `${ns}h`, 'type', 'veth', 'peer', 'name', `${ns}n`);
    await ip('link', 'set', `${ns}n`, 'netns', ns);
    await ip('addr', 'add', `${lan.hostSide}/30`, 'dev', `${ns}h`);
    await ip('link', 'set', `${ns}h`, 'up');
    await ip('-n', ns, 'addr', 'add', `${lan.cgnat}/30`, 'dev', `${ns}n`);
    await ip('-n', ns, 'link', 'set', `${ns}n`, 'up');
    await ip('-n', ns, 'link', 'set', 'lo', 'up');
    await ip('-n', ns, 'route', 'add', 'default', 'via', lan.hostSide);
    await ip('-n', ns, 'route', 'add', 'blackhole', lan.blackhole);
    for (const addr of [lan.public, lan.private, lan.linkLocal]) await ip('-n', ns, 'addr', 'add', `${addr}/32`, 'dev', 'lo');
    for (const addr of [lan.public, lan.private, lan.linkLocal, lan.blackhole]) await ip('route', 'add', `${addr}/32`, 'via', lan.cgnat);
    // The server ends with this test process: when its stdin closes.
    const code = `require('net').createServer((s) => s.pipe(s)).listen(${lan.echoPort}, '0.0.0.0');
      const hash = (x) => require('crypto').createHash('sha256').update(x).digest('hex');
      require('http').createServer((q, s) => { const b = []; q.on('data', (d) => b.push(d)); q.on('end', () => s.end('sha256 ' + hash(q.headers.authorization || '') + ' body ' + hash(Buffer.concat(b)) + '\\n')); })
      .listen(${lan.hashPort}, '0.0.0.0');
      require('http').createServer((q, s) => s.end('lan ' + q.socket.localAddress + ' host=' + q.headers.host + '\\n'))
      .listen(${lan.port}, '0.0.0.0', () => console.log('listening'));
      process.stdin.on('end', () => process.exit(0)); process.stdin.resume();`;
    server = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: server.stdout! });
    await new Promise<void>((resolve, reject) => {
      lines.once('line', () => resolve());
      server!.once('exit', (c) => reject(new Error(`the namespace's server exited (${c})`)));
    });
  } catch (e) {
    await close();
    throw e;
  }
  return { ...lan, close };
}
