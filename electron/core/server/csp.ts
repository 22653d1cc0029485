/**
 * The Content-Security-Policy of Dockhand's pages, in Electron (app://) and in `serve` mode alike:
 * only the app's own scripts and styles, no inline code, no plugins, no framing, no forms, and
 * network access only back to the page's own origin (the local API in `serve` mode).
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
