// Sending the user's answer to a tool call, and remembering which cards already took the focus (a
// virtualised row is re-made when scrolled back into view; it must not take the focus again).
import { useState } from 'react';
import { sendEvents, type DockhandError } from '../../data/index.ts';

const focusedOnce = new Set<string>();

/** True the first time a card for this call asks (it takes the focus then), false after. */
export function firstFocus(id: string): boolean {
  if (focusedOnce.has(id)) return false;
  focusedOnce.add(id);
  return true;
}

/** Whether the reader is typing somewhere (the focus is in a field with text): a new card must not take the focus from it. */
export function typingElsewhere(): boolean {
  const el = document.activeElement;
  return (el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement) && el.value.length > 0;
}

export function useAnswer(sessionId: string) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<DockhandError | null>(null);
  const send = async (what: string, events: Parameters<typeof sendEvents>[1]) => {
    setBusy(what);
    setError(null);
    try {
      await sendEvents(sessionId, events);
    } catch (err) {
      setError(err as DockhandError);
      setBusy(null);
    }
  };
  return { busy, error, send };
}
