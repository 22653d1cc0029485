/** `scheme://host[:port]` of a URL (host lowercased), or null without a host. Unlike `URL.origin`, also works for app://. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host.toLowerCase()}` : null;
  } catch {
    return null;
  }
}

/** Whether a frame at `url` is one of the app's own pages (IPC from anything else is refused). */
export function isAllowedOrigin(url: string | null | undefined, allowed: readonly string[]): boolean {
  if (!url) return false;
  const origin = originOf(url);
  return origin !== null && allowed.includes(origin);
}
