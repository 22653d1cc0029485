import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger' | 'info';

/** A small label: a model, a version, a count. */
export function Badge({ tone = 'neutral', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

/** A coloured dot and a word, for states (running, idle, offline). The word carries the meaning; the colour repeats it. */
export function StatusDot({ tone, label, pulse }: { tone: Tone; label: ReactNode; pulse?: boolean }) {
  return (
    <span className={`status status-${tone}`}>
      <span className={pulse ? 'status-dot pulse' : 'status-dot'} aria-hidden="true" />
      {label}
    </span>
  );
}

/** A key or key combination, e.g. <Kbd>Ctrl K</Kbd>. */
export function Kbd({ children }: { children: string }) {
  return (
    <span className="kbd-group">
      {children.split(' ').map((k, i) => (
        <kbd key={i} className="kbd">
          {k}
        </kbd>
      ))}
    </span>
  );
}
