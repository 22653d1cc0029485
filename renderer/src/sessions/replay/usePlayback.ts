// Replay's play/pause: moves the cursor forward at the chosen speed and pace (pace.ts); stops at the end.
import { useEffect, useRef, useState } from 'react';
import type { SessionEvent } from '../../data/types.ts';
import { nextStep, type Pace } from './pace.ts';

export interface Playback {
  playing: boolean;
  cursor: number;
  total: number;
  /** The events held around the cursor and the position of the first (recorded pace reads their times). */
  events: readonly SessionEvent[];
  first: number;
  speed: number;
  pace: Pace;
  setCursor: (position: number) => void;
  onEnd: () => void;
}

export function usePlayback(p: Playback): void {
  const latest = useRef(p);
  const [retry, setRetry] = useState(0);
  useEffect(() => {
    latest.current = p;
  });
  const { playing, cursor } = p;
  useEffect(() => {
    if (!playing) return;
    const now = latest.current;
    if (cursor >= now.total) return void now.onEnd();
    const step = nextStep(now);
    const timer = step
      ? setTimeout(() => latest.current.setCursor(Math.min(latest.current.total, cursor + step.by)), step.delay)
      : setTimeout(() => setRetry((n) => n + 1), 50); // the next events are being read: look again shortly
    return () => clearTimeout(timer);
  }, [playing, cursor, retry]);
}
