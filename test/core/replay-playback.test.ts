// Replay's playback pace (renderer/src/sessions/replay/pace.ts): how long before the next step
// and how far it moves, evenly or by the recorded time between events.
import { describe, expect, it } from 'vitest';
import { nextStep } from '../../renderer/src/sessions/replay/pace.ts';
import type { SessionEvent } from '../../renderer/src/data/types.ts';

const at = (iso: string, i: number) => ({ id: `sevt_${i}`, type: 'session.status_running', processed_at: iso }) as SessionEvent;
const events = [at('2026-11-28T10:00:00.000Z', 1), at('2026-11-28T10:00:01.000Z', 2), at('2026-11-28T11:00:01.000Z', 3)];

describe('replay playback', () => {
  it('evenly: two events a second at 1x; past one step a frame, several events per step', () => {
    expect(nextStep({ pace: 'even', speed: 1, cursor: 1, first: 1, events })).toEqual({ delay: 500, by: 1 });
    expect(nextStep({ pace: 'even', speed: 10, cursor: 1, first: 1, events })).toEqual({ delay: 50, by: 1 });
    expect(nextStep({ pace: 'even', speed: 100, cursor: 1, first: 1, events })).toEqual({ delay: 16, by: 3 });
  });

  it('as recorded: the time to the next event over the speed, a long pause shortened to 3 s', () => {
    expect(nextStep({ pace: 'recorded', speed: 1, cursor: 1, first: 1, events })).toEqual({ delay: 1000, by: 1 });
    expect(nextStep({ pace: 'recorded', speed: 10, cursor: 1, first: 1, events })).toEqual({ delay: 100, by: 1 });
    expect(nextStep({ pace: 'recorded', speed: 1, cursor: 2, first: 1, events })).toEqual({ delay: 3000, by: 1 });
    // The window holds events from position 2 on: the cursor at 2 reads the event at index 0.
    expect(nextStep({ pace: 'recorded', speed: 2, cursor: 2, first: 2, events: events.slice(1) })).toEqual({ delay: 1500, by: 1 });
  });

  it('waits when the next event is not read yet', () => {
    expect(nextStep({ pace: 'recorded', speed: 1, cursor: 3, first: 1, events })).toBeNull();
  });
});
