import { useSyncExternalStore } from 'react';
import { formatDateTime, formatRelative } from './format.ts';

// One shared clock for every relative time on screen, ticking every 15 s.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: number | undefined;
const tick = () => {
  now = Date.now();
  listeners.forEach((l) => l());
};
function subscribe(fn: () => void) {
  listeners.add(fn);
  if (timer === undefined) {
    timer = window.setInterval(tick, 15_000);
    // The clock stood still while nothing showed a time: catch up at once.
    queueMicrotask(tick);
  }
  return () => {
    listeners.delete(fn);
    if (!listeners.size) (window.clearInterval(timer), (timer = undefined));
  };
}

/** "3 min ago", kept current; the exact time on hover and for assistive technology. */
export function RelativeTime({ iso, className = 'muted' }: { iso: string; className?: string }) {
  const at = useSyncExternalStore(subscribe, () => now);
  return (
    <time className={className} dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso, at)}
    </time>
  );
}
