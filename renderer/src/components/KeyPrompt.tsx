import { useState, type FormEvent } from 'react';

/** `serve` mode without a (valid) key: ask for the one `dockhand start` / `serve` was given. */
export function KeyPrompt({ refused, onKey }: { refused: boolean; onKey: (key: string) => void }) {
  const [key, setKey] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (key.trim()) onKey(key.trim());
  };
  return (
    <main className="centered">
      <form className="card key-prompt" onSubmit={submit}>
        <h2>{refused ? 'That API key was refused' : 'Connect to the local API'}</h2>
        <p className="muted">
          Open the address that <code>dockhand start</code> printed (it carries the key after <code>#key=</code>), or paste the key this
          server was started with.
        </p>
        <label className="field">
          <span>API key</span>
          <input type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} autoFocus />
        </label>
        <button type="submit" className="button primary" disabled={!key.trim()}>
          Connect
        </button>
      </form>
    </main>
  );
}
