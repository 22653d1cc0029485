// Unsaved changes are not lost by leaving: while an editor holds some, moving to another screen (a
// link, a shortcut, Back) is held and the editor asks first; closing or reloading the page asks too.
import { useEffect, useRef, useState } from 'react';
import { navigate } from './routes.ts';

interface Guard {
  /** The editor's own address: moves within it (its tabs, `#/agents/agent_x/json`) pass. */
  base: string;
  ask: (target: string) => void;
}

let guard: Guard | null = null;

const within = (hash: string, base: string) => hash === base || hash.startsWith(`${base}/`) || hash.startsWith(`${base}?`);

// Registered when this module loads, before the router's listener, and in the capture phase, so a held
// move is undone before any screen sees it.
window.addEventListener(
  'hashchange',
  (e) => {
    if (!guard || !e.oldURL) return;
    const target = window.location.hash;
    // A key pasted into the address (`#key=...`) is for the connection, not a move.
    if (within(target, guard.base) || /^#key=/.test(target)) return;
    e.stopImmediatePropagation();
    window.history.replaceState(null, '', new URL(e.oldURL).hash || guard.base);
    guard.ask(target);
  },
  { capture: true },
);

/**
 * While `dirty`, holds moves away from `base` and returns where the user tried to go; `leave()` goes
 * there anyway (dropping the changes), `stay()` forgets it. `release()` lets the next move pass (after a save).
 */
export function useLeaveGuard(dirty: boolean, base: string): { pending: string | null; leave: () => void; stay: () => void; release: () => void } {
  const [pending, setPending] = useState<string | null>(null);
  const released = useRef(false);
  useEffect(() => {
    if (!dirty) return void (released.current = false);
    if (released.current) return;
    const mine: Guard = { base, ask: setPending };
    guard = mine;
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => {
      if (guard === mine) guard = null;
      window.removeEventListener('beforeunload', onUnload);
    };
  }, [dirty, base]);
  const release = () => {
    released.current = true;
    guard = null;
  };
  return {
    pending,
    stay: () => setPending(null),
    leave: () => {
      const target = pending;
      release();
      setPending(null);
      if (target) navigate(target);
    },
    release,
  };
}
