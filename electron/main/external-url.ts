/**
 * Whether a link may be handed to the OS browser (`shell.openExternal`): only http(s) URLs that
 * parse, without embedded credentials. Everything else (file:, javascript:, custom schemes that
 * launch other programs) stays closed.
 */
export function isSafeExternalUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '' && !u.username && !u.password;
}
