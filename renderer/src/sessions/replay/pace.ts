// Replay's pace: how long before the next step and how far it moves, either by the recorded time
// between events (long pauses shortened) or one event after another, evenly. Pure, for the hook and tests.
import type { SessionEvent } from '../../data/types.ts';

export type Pace = 'recorded' | 'even';
export const SPEEDS = [1, 2, 5, 10, 25, 50, 100] as const;

/** Evenly at 1x: this many events a second. */
const EVEN_PER_SECOND = 2;
/** A recorded pause longer than this (at 1x) is shortened to it: a night between two turns is not replayed. */
const MAX_GAP_MS = 3000;
/** One step per frame at most; faster speeds move several events a step. */
const FRAME_MS = 16;

const timeOf = (e: SessionEvent | undefined) => (e?.processed_at ? Date.parse(e.processed_at) : NaN);

/** The wait before the next step and how many events it moves. */
export function nextStep(p: { cursor: number; events: readonly SessionEvent[]; first: number; speed: number; pace: Pace }): { delay: number; by: number } | null {
  if (p.pace === 'even') {
    const each = 1000 / (EVEN_PER_SECOND * p.speed);
    return each >= FRAME_MS ? { delay: each, by: 1 } : { delay: FRAME_MS, by: Math.round(FRAME_MS / each) };
  }
  const here = p.events[p.cursor - p.first];
  const next = p.events[p.cursor + 1 - p.first];
  if (!next) return null; // not read yet: the window is moving
  const gap = timeOf(next) - timeOf(here);
  return { delay: Number.isFinite(gap) ? Math.min(Math.max(gap, 0), MAX_GAP_MS) / p.speed : 0, by: 1 };
}
