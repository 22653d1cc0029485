// A private git repository for tests, served on 127.0.0.1 over git's "dumb" HTTP protocol (the files of
// a bare repository after `git update-server-info`), or its smart protocol (`git http-backend`, which takes
// pushes too), answering 401 to any request without the token.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';

export interface GitServer {
  /** `http://127.0.0.1:<port>/<owner>/<name>.git` */
  url: string;
  /** Commits of the repository by what they hold: `first` and `second` on main, `feature` on branch feature. */
  commits: Record<'first' | 'second' | 'feature', string>;
  /** Requests answered 401. */
  refused: number;
  /** The commit a branch of the served repository points at now (a push moves it). */
  head(branch: string): string;
  close(): Promise<void>;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();

/** Serves `git http-backend` (smart HTTP: fetch and push) for the repositories under `root`, as CGI. */
function smartHttp(root: string, req: IncomingMessage, res: ServerResponse): void {
  const u = new URL(req.url!, 'http://x');
  const cgi = spawn('git', ['http-backend'], {
    env: {
      ...process.env,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      REMOTE_USER: 'x-access-token', // lets receive-pack (push) run
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(u.pathname),
      QUERY_STRING: u.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) } : {}),
    },
  });
  req.pipe(cgi.stdin);
  const out: Buffer[] = [];
  cgi.stdout.on('data', (d: Buffer) => out.push(d));
  cgi.on('close', () => {
    const all = Buffer.concat(out);
    const split = all.indexOf('\r\n\r\n');
    const head = all.subarray(0, split).toString().split('\r\n');
    const headers = Object.fromEntries(head.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    const status = Number((headers.status ?? '200').split(' ')[0]);
    delete headers.status;
    res.writeHead(status, headers).end(all.subarray(split + 4));
  });
}

/**
 * Serves a repository `<owner>/<name>.git` with a few commits that only `token` (as GitHub takes it: Basic
 * x-access-token) may fetch, over the dumb protocol, or with `smart` the smart one (fetch and push).
 */
export async function gitServer(owner: string, name: string, token: string, { smart = false } = {}): Promise<GitServer> {
  const root = mkdtempSync(join(tmpdir(), 'dockhand-git-'));
  const work = join(root, 'work');
  mkdirSync(work);
  git(work, 'init', '--quiet', '--initial-branch=main');
  const commit = (file: string, text: string) => {
    writeFileSync(join(work, file), text);
    git(work, 'add', file);
    git(work, 'commit', '--quiet', '-m', file);
    return git(work, 'rev-parse', 'HEAD');
  };
  const first = commit('README.md', 'first version\n');
  const second = commit('README.md', 'second version\n');
  git(work, 'checkout', '--quiet', '-b', 'feature');
  const feature = commit('feature.txt', 'on the feature branch\n');
  git(work, 'checkout', '--quiet', 'main');
  const bare = join(root, 'served', owner, `${name}.git`);
  mkdirSync(join(root, 'served', owner), { recursive: true });
  git(root, 'clone', '--quiet', '--bare', work, bare);
  git(bare, 'update-server-info');

  const expected = `Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
  const state = { refused: 0 };
  const server: Server = createServer((req, res) => {
    if (req.headers.authorization !== expected) {
      state.refused++;
      res.writeHead(401, { 'www-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    if (smart) return smartHttp(join(root, 'served'), req, res);
    const file = join(root, 'served', normalize(decodeURIComponent(new URL(req.url!, 'http://x').pathname)));
    try {
      if (!file.startsWith(join(root, 'served')) || !statSync(file).isFile()) throw new Error('not a file');
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/${owner}/${name}.git`,
    commits: { first, second, feature },
    get refused() {
      return state.refused;
    },
    head: (branch) => git(bare, 'rev-parse', `refs/heads/${branch}`),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
