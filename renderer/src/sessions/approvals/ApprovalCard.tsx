// Approve or deny one tool call the agent's policy holds for the user. The full input is on the row
// above; Deny (the safe choice) has the focus when the card appears; A approves, D denies, R goes to
// the reason (sent to the model with a denial).
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Check, X } from 'lucide-react';
import { Button, Kbd, TextInput } from '../../ui/index.ts';
import { firstFocus, typingElsewhere, useAnswer } from './answer.ts';
import type { ToolUseEvent } from '../timeline/index.ts';

export function ApprovalCard({ sessionId, call }: { sessionId: string; call: ToolUseEvent }) {
  const { busy, error, send } = useAnswer(sessionId);
  const [reason, setReason] = useState('');
  const deny = useRef<HTMLButtonElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const reasonId = useId();

  useEffect(() => {
    if (firstFocus(call.id) && !typingElsewhere()) deny.current?.focus({ preventScroll: true });
  }, [call.id]);

  const answer = (result: 'allow' | 'deny') =>
    void send(result, [{ type: 'user.tool_confirmation', tool_use_id: call.id, result, ...(result === 'deny' && reason.trim() ? { deny_message: reason.trim() } : {}) }]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement || e.ctrlKey || e.metaKey || e.altKey || busy) return;
    const key = e.key.toLowerCase();
    if (key === 'a') answer('allow');
    else if (key === 'd') answer('deny');
    else if (key === 'r') reasonRef.current?.focus();
    else return;
    e.preventDefault();
  };

  return (
    <div className="approval" role="group" aria-label={`Approve or deny ${call.name}`} onKeyDown={onKeyDown}>
      <p className="approval-title">
        The agent wants to run <code>{call.name}</code> with the input above. Allow it?
      </p>
      <div className="approval-row">
        <label className="visually-hidden" htmlFor={reasonId}>
          Reason for the model if you deny (optional)
        </label>
        <TextInput
          ref={reasonRef}
          id={reasonId}
          className="approval-reason"
          placeholder="Reason for the model if you deny (optional)"
          value={reason}
          maxLength={2000}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), answer('deny'))}
        />
        <Button ref={deny} variant="secondary" icon={X} busy={busy === 'deny'} disabled={!!busy} onClick={() => answer('deny')} aria-keyshortcuts="D">
          Deny <Kbd>D</Kbd>
        </Button>
        <Button variant="primary" icon={Check} busy={busy === 'allow'} disabled={!!busy} onClick={() => answer('allow')} aria-keyshortcuts="A">
          Approve <Kbd>A</Kbd>
        </Button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          Could not send your answer: {error.message}
        </p>
      )}
    </div>
  );
}
