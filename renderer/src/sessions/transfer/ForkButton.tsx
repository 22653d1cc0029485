// "Fork from here": a new session whose log is a copy of this one up to the event, then runs live in a
// fresh sandbox. Opens the fork.
import { useState } from 'react';
import { GitFork } from 'lucide-react';
import { Button, toast } from '../../ui/index.ts';
import { DockhandError, forkSession } from '../../data/index.ts';
import { href, navigate } from '../../app/routes.ts';

export function ForkButton({ sessionId, eventId, size = 'sm' }: { sessionId: string; eventId: string; size?: 'sm' | 'md' }) {
  const [busy, setBusy] = useState(false);
  const fork = async () => {
    setBusy(true);
    try {
      const f = await forkSession(sessionId, eventId);
      toast('Forked', { tone: 'success', description: 'The fork continues from this event in a fresh sandbox.' });
      navigate(href.session(f.id));
    } catch (err) {
      toast('Could not fork', { tone: 'danger', description: err instanceof DockhandError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size={size} variant="ghost" icon={GitFork} busy={busy} onClick={() => void fork()} title="A new session from this event on, in a fresh sandbox">
      Fork from here
    </Button>
  );
}
