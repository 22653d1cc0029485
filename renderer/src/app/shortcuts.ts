// Keyboard shortcuts: one listener for the app, actions any screen can take over while it is shown
// (the editor's "save", a list's "search"). Single keys never fire while typing or inside a dialog.
import { useEffect, useRef } from 'react';

export type Action = 'palette' | 'search' | 'new' | 'save' | 'help' | 'go-agents' | 'go-environments' | 'go-sessions' | 'go-usage' | 'go-vaults' | 'go-skills' | 'go-settings';

export interface Shortcut {
  action: Action;
  /** As shown to people; "Mod" is Ctrl, or ⌘ on a Mac. */
  keys: string;
  description: string;
}

export const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform);
export const MOD = IS_MAC ? '⌘' : 'Ctrl';

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'palette', keys: `${MOD} K`, description: 'Search and run commands' },
  { action: 'search', keys: '/', description: 'Search this list' },
  { action: 'new', keys: 'N', description: 'New item on this screen' },
  { action: 'save', keys: `${MOD} S`, description: 'Save' },
  { action: 'go-agents', keys: 'G A', description: 'Go to Agents' },
  { action: 'go-environments', keys: 'G E', description: 'Go to Environments' },
  { action: 'go-sessions', keys: 'G S', description: 'Go to Sessions' },
  { action: 'go-usage', keys: 'G U', description: 'Go to Usage' },
  { action: 'go-vaults', keys: 'G V', description: 'Go to Vaults' },
  { action: 'go-skills', keys: 'G K', description: 'Go to Skills' },
  { action: 'go-settings', keys: 'G ,', description: 'Go to Settings' },
  { action: 'help', keys: '?', description: 'Show keyboard shortcuts' },
];

type Handler = () => void;
/** Per action, a stack: the screen mounted last wins, and the one below takes over when it goes. */
const handlers = new Map<Action, Handler[]>();

function run(action: Action): boolean {
  const stack = handlers.get(action);
  const fn = stack?.[stack.length - 1];
  if (!fn) return false;
  fn();
  return true;
}

/** Handles `action` while the calling component is mounted. */
export function useShortcut(action: Action, handler: Handler): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    const fn = () => ref.current();
    const stack = handlers.get(action) ?? [];
    handlers.set(action, [...stack, fn]);
    return () => void handlers.set(action, (handlers.get(action) ?? []).filter((h) => h !== fn));
  }, [action]);
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || Boolean(el.closest('[role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"], .cm-editor'));
}

const GO: Record<string, Action> = { a: 'go-agents', e: 'go-environments', s: 'go-sessions', u: 'go-usage', v: 'go-vaults', k: 'go-skills', ',': 'go-settings' };

/** Installs the one keydown listener; returns its removal. */
export function startShortcuts(): () => void {
  let pendingG = 0;
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.isComposing) return;
    const mod = IS_MAC ? e.metaKey : e.ctrlKey;
    const key = e.key.toLowerCase();
    if (mod && !e.altKey && !e.shiftKey && key === 'k') {
      e.preventDefault();
      run('palette');
      return;
    }
    if (mod && !e.altKey && key === 's') {
      // Always swallow it: the browser's "save page" is never what is meant here.
      e.preventDefault();
      run('save');
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (pendingG && Date.now() - pendingG < 1200 && GO[key]) {
      pendingG = 0;
      e.preventDefault();
      run(GO[key]!);
      return;
    }
    pendingG = key === 'g' ? Date.now() : 0;
    const single: Record<string, Action> = { '/': 'search', n: 'new', '?': 'help' };
    const action = single[e.key] ?? single[key];
    if (action && run(action)) e.preventDefault();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
