// The message box under the timeline: multi-line, Enter sends, Shift+Enter breaks the line; while the
// agent runs, Interrupt stops it (the turn ends; unfinished tool calls are recorded as interrupted).
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { CircleStop, SendHorizontal } from 'lucide-react';
import { Button, TextArea } from '../ui/index.ts';
import { sendEvents, type DockhandError, type Session } from '../data/index.ts';
import type { LiveState } from './live-state.ts';

/** Why the session takes no new messages, if it does not. */
function closedBecause(session: Session, state: LiveState): string | null {
  if (session.metadata?.['dockhand.read_only'] === 'true') return 'This session was imported: it replays, and takes no new messages.';
  if (session.archived_at) return 'This session is archived: it takes no new messages.';
  if (state === 'terminated') return 'This session has ended: it takes no new messages.';
  return null;
}

export function Composer({ session, state }: { session: Session; state: LiveState }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<'send' | 'interrupt' | null>(null);
  const [error, setError] = useState<DockhandError | null>(null);
  const inputId = useId();
  const closed = closedBecause(session, state);
  const running = state === 'running' || state === 'rescheduling';

  const run = async (what: 'send' | 'interrupt', events: Parameters<typeof sendEvents>[1]) => {
    setBusy(what);
    setError(null);
    try {
      await sendEvents(session.id, events);
      return true;
    } catch (err) {
      setError(err as DockhandError);
      return false;
    } finally {
      setBusy(null);
    }
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const message = text.trim();
    if (!message || busy) return;
    if (await run('send', [{ type: 'user.message', content: [{ type: 'text', text: message }] }])) setText('');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  };

  if (closed) return <p className="composer composer-closed muted">{closed}</p>;
  return (
    <form className="composer" onSubmit={submit} aria-label="Send a message">
      <label className="visually-hidden" htmlFor={inputId}>
        Message
      </label>
      <TextArea id={inputId} className="composer-input" rows={2} placeholder="Message the agent…" value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} aria-describedby={`${inputId}-hint`} />
      <div className="composer-bar">
        <span id={`${inputId}-hint`} className="muted composer-hint">
          Enter sends · Shift+Enter adds a line
        </span>
        {error && (
          <span className="field-error" role="alert">
            {busy === null && `Not sent: ${error.message}`}
          </span>
        )}
        {running && (
          <Button variant="danger" icon={CircleStop} busy={busy === 'interrupt'} onClick={() => void run('interrupt', [{ type: 'user.interrupt' }])}>
            Interrupt
          </Button>
        )}
        <Button type="submit" variant="primary" icon={SendHorizontal} busy={busy === 'send'} disabled={!text.trim()}>
          Send
        </Button>
      </div>
    </form>
  );
}
