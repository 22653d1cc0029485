// The built renderer as static files: for `serve` mode (HTTP) and the Electron app:// protocol.
// Only files inside the root with a known type are served; anything else is "not found".
import { randomBytes } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { ApiError } from '../api/errors.ts';
import { contentSecurityPolicy, NONCE_PLACEHOLDER } from './csp.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Headers on every page and asset: the strict CSP and no content sniffing or referrers. */
export const STATIC_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-cache',
};

/**
 * The file a URL path names inside `root` and its content type, or null when the path is malformed,
 * leaves `root`, or has a type we do not serve. `/` is `index.html`. Pure: looks at no file.
 */
export function resolveStaticPath(root: string, pathname: string): { file: string; type: string } | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = resolve(root);
  const file = resolve(base, '.' + (decoded.endsWith('/') ? `${decoded}index.html` : decoded));
  if (!file.startsWith(base + sep)) return null;
  const type = TYPES[extname(file).toLowerCase()];
  return type ? { file, type } : null;
}

export interface StaticFile {
  body: Buffer;
  type: string;
  /** The headers to send with it: the strict CSP (with this page's own style nonce for HTML). */
  headers: Record<string, string>;
}

/** Gives an HTML page a fresh style nonce, in its body and in its CSP. */
function withNonce(body: Buffer): { body: Buffer; headers: Record<string, string> } {
  const nonce = randomBytes(16).toString('base64');
  return {
    body: Buffer.from(body.toString('utf8').replaceAll(NONCE_PLACEHOLDER, nonce)),
    headers: { ...STATIC_HEADERS, 'content-security-policy': contentSecurityPolicy(nonce) },
  };
}

/** Reads the file for `pathname`, refusing anything that is not a regular file really inside `root` (no symlink escapes). */
export async function readStaticFile(root: string, pathname: string): Promise<StaticFile | null> {
  const found = resolveStaticPath(root, pathname);
  if (!found) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(found.file)]);
    if (!realFile.startsWith(realRoot + sep) || !(await stat(realFile)).isFile()) return null;
    const body = await readFile(realFile);
    if (found.type.startsWith('text/html')) return { type: found.type, ...withNonce(body) };
    return { body, type: found.type, headers: STATIC_HEADERS };
  } catch {
    return null;
  }
}

/** Answers a GET for a static file; a missing one is the API's 404. */
export async function sendStaticFile(res: ServerResponse, root: string, pathname: string): Promise<void> {
  const found = await readStaticFile(root, pathname);
  if (!found) throw new ApiError('not_found_error', `no file at ${pathname}`);
  res.writeHead(200, { ...found.headers, 'content-type': found.type, 'content-length': found.body.length });
  res.end(found.body);
}
