// In `serve` mode the page needs the API key. It arrives in the URL fragment (`#key=...`), which the
// browser never sends to the server, and is kept for this tab only.
const STORAGE_KEY = 'dockhand.apiKey';

/** Takes the key from `#key=...` (and removes it from the address bar), else the one kept for this tab. */
export function takeApiKey(): string | null {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const fromHash = params.get('key');
  if (fromHash) {
    window.sessionStorage.setItem(STORAGE_KEY, fromHash);
    params.delete('key');
    const rest = params.toString();
    window.history.replaceState(null, '', window.location.pathname + window.location.search + (rest ? `#${rest}` : ''));
    return fromHash;
  }
  return window.sessionStorage.getItem(STORAGE_KEY);
}

export function saveApiKey(key: string): void {
  window.sessionStorage.setItem(STORAGE_KEY, key);
}
