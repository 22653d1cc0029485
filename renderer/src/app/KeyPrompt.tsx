import { useState, type FormEvent } from 'react';
import { KeyRound } from 'lucide-react';
import { Banner, Button, Field, TextInput } from '../ui/index.ts';
import { connectWithKey } from '../data/index.ts';

/** `serve` mode without a (valid) key: ask for the one `dockhand start` / `serve` printed. */
export function KeyPrompt({ refused }: { refused: boolean }) {
  const [key, setKey] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (key.trim()) connectWithKey(key.trim());
  };
  return (
    <main className="connect" id="main">
      <form className="connect-card" onSubmit={submit}>
        <span className="connect-icon" aria-hidden="true">
          <KeyRound size={20} />
        </span>
        <h1>{refused ? 'That API key was refused' : 'Connect to the local API'}</h1>
        {refused && (
          <Banner tone="danger" title="The local API answered 401">
            The key does not match the one this server was started with. Each run of <code>dockhand start</code> makes a new key unless{' '}
            <code>DOCKHAND_API_KEY</code> is set.
          </Banner>
        )}
        <p className="muted">
          Open the address that <code>dockhand start</code> printed: it carries the key after <code>#key=</code> (you can paste it into this tab&rsquo;s
          address bar). Or paste the key itself here.
        </p>
        <Field label="API key">
          <TextInput type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} autoFocus />
        </Field>
        <Button type="submit" variant="primary" disabled={!key.trim()}>
          Connect
        </Button>
      </form>
    </main>
  );
}
