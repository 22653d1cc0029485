import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, NONCE_PLACEHOLDER } from '../../electron/core/server/csp.ts';
import { readStaticFile, resolveStaticPath } from '../../electron/core/server/static.ts';
import { tempDir } from '../support/serve.ts';

describe('static files of the built renderer', () => {
  const root = '/srv/ui';

  it('maps / to index.html and paths to files with their content type', () => {
    expect(resolveStaticPath(root, '/')).toEqual({ file: '/srv/ui/index.html', type: 'text/html; charset=utf-8' });
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toEqual({ file: '/srv/ui/assets/index-abc.js', type: 'text/javascript; charset=utf-8' });
    expect(resolveStaticPath(root, '/assets/index-abc.CSS')?.type).toBe('text/css; charset=utf-8');
    expect(resolveStaticPath(root, '/a%20b.svg')?.file).toBe('/srv/ui/a b.svg');
  });

  it.each([
    '/../secret.html',
    '/assets/../../secret.html',
    '/..%2fsecret.html',
    '/%2e%2e/%2e%2e/etc/passwd.txt',
    '/assets/..%5c..%5csecret.html',
    '/index.html%00.js',
    '/%E0%A4%A',
    '/server.ts',
    '/package',
    '/.env',
  ])('refuses %s', (path) => {
    expect(resolveStaticPath(root, path)).toBeNull();
  });

  it('reads files inside the root and nothing a symlink leads out to', async () => {
    const dir = tempDir();
    const ui = join(dir, 'ui');
    mkdirSync(join(ui, 'assets'), { recursive: true });
    writeFileSync(join(ui, 'index.html'), '<!doctype html>');
    writeFileSync(join(dir, 'secret.html'), 'secret');
    symlinkSync(join(dir, 'secret.html'), join(ui, 'assets', 'leak.html'));
    expect((await readStaticFile(ui, '/'))?.body.toString()).toBe('<!doctype html>');
    expect(await readStaticFile(ui, '/assets/leak.html')).toBeNull();
    expect(await readStaticFile(ui, '/missing.js')).toBeNull();
    expect(await readStaticFile(ui, '/assets/')).toBeNull();
  });

  it('gives every page a fresh style nonce, in the page and in its CSP; other files get none', async () => {
    const ui = tempDir();
    writeFileSync(join(ui, 'index.html'), `<meta property="csp-nonce" nonce="${NONCE_PLACEHOLDER}"><link rel="stylesheet" nonce="${NONCE_PLACEHOLDER}">`);
    writeFileSync(join(ui, 'app.js'), `const x = "${NONCE_PLACEHOLDER}";`);
    const [one, two] = [await readStaticFile(ui, '/'), await readStaticFile(ui, '/')];
    const nonceOf = (f: typeof one) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(f!.headers['content-security-policy']!)![1]!;
    expect(nonceOf(one)).not.toBe(nonceOf(two));
    expect(one!.body.toString()).toBe(`<meta property="csp-nonce" nonce="${nonceOf(one)}"><link rel="stylesheet" nonce="${nonceOf(one)}">`);
    const js = await readStaticFile(ui, '/app.js');
    expect(js!.body.toString()).toContain(NONCE_PLACEHOLDER);
    expect(js!.headers['content-security-policy']).toBe(contentSecurityPolicy());
  });
});

describe('content security policy', () => {
  const policy = Object.fromEntries(
    contentSecurityPolicy()
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );

  it('denies by default and allows only the app’s own scripts and styles', () => {
    expect(policy['default-src']).toEqual(["'none'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['style-src']).toEqual(["'self'"]);
    expect(contentSecurityPolicy('abc')).toContain("style-src 'self' 'nonce-abc';");
    expect(contentSecurityPolicy('abc')).toContain("script-src 'self';");
  });

  it('forbids inline code, eval, plugins, framing and foreign connections', () => {
    const all = contentSecurityPolicy();
    expect(all).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['base-uri']).toEqual(["'none'"]);
    expect(policy['connect-src']).toEqual(["'self'"]);
  });
});
