// The renderer is served from app://dockhand/, not file://: a real origin the IPC router can check,
// with the same static-file rules and CSP as `serve` mode.
import { protocol } from 'electron';
import { readStaticFile } from '../core/server/static.ts';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://dockhand`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const found = request.method === 'GET' && `${url.protocol}//${url.host}` === APP_ORIGIN ? await readStaticFile(rendererDir, url.pathname) : null;
    if (!found) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(found.body), { headers: { ...found.headers, 'content-type': found.type } });
  });
}
