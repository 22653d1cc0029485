/**
 * The Content-Security-Policy of Dockhand's pages, in Electron (app://) and in `serve` mode alike:
 * only the app's own scripts and styles, no inline code, no plugins, no framing, no forms, and
 * network access only back to the page's own origin (the local API in `serve` mode).
 *
 * With a `nonce`, <style> elements carrying it are allowed too: the accessible UI primitives (Radix)
 * and the code editor add their own. Each page response gets a fresh nonce; scripts stay 'self' only.
 */
export function contentSecurityPolicy(nonce?: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    nonce ? `style-src 'self' 'nonce-${nonce}'` : "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * What the renderer build writes where the nonce goes (Vite's `html.cspNonce`: a `csp-nonce` meta tag
 * and nonce attributes); the server puts a fresh value there in every page it serves.
 */
export const NONCE_PLACEHOLDER = 'DOCKHAND_CSP_NONCE';
