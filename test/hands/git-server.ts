// A private git repository for tests, served on 127.0.0.1 over git's "dumb" HTTP protocol (the files of
// a bare repository after `git update-server-info`), answering 401 to any request without the token.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
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
  close(): Promise<void>;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();

/** Serves a repository `<owner>/<name>.git` with a few commits that only `token` (as GitHub takes it: Basic x-access-token) may fetch. */
export async function gitServer(owner: string, name: string, token: string): Promise<GitServer> {
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
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
