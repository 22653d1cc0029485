// In `serve` mode the page needs the API key. It arrives in the URL fragment (`#key=...`), which the
// browser never sends to the server, and is kept for this tab only.
const STORAGE_KEY = 'dockhand.apiKey';

/**
 * Takes a key from `#key=...` and removes it from the address bar (leaving the rest of the
 * fragment, or the default screen). Null when the fragment carries no key.
 */
export function takeKeyFromHash(): string | null {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const key = params.get('key');
  if (!key) return null;
  window.sessionStorage.setItem(STORAGE_KEY, key);
  params.delete('key');
  const rest = params.toString();
  window.history.replaceState(null, '', window.location.pathname + window.location.search + (rest ? `#${rest}` : ''));
  return key;
}

/** The key from the fragment, else the one kept for this tab. */
export function takeApiKey(): string | null {
  return takeKeyFromHash() ?? window.sessionStorage.getItem(STORAGE_KEY);
}

export function saveApiKey(key: string): void {
  window.sessionStorage.setItem(STORAGE_KEY, key);
}
