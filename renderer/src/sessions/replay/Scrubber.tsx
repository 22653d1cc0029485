// Replay's bar: the slider over the log's events (Home, End, arrows, Page Up/Down as any slider), step
// and jump buttons, play/pause, speed and pace.
import { ChevronFirst, ChevronLast, Pause, Play, StepBack, StepForward } from 'lucide-react';
import { IconButton, Select, formatCount } from '../../ui/index.ts';
import type { SessionEvent } from '../../data/index.ts';
import { SPEEDS, type Pace } from './pace.ts';

const SPEED_OPTIONS = SPEEDS.map((s) => ({ value: String(s), label: `${s}x` }));
const PACE_OPTIONS = [
  { value: 'recorded', label: 'As recorded', description: 'The recorded time between events (pauses over 3 s shortened)' },
  { value: 'even', label: 'Evenly', description: 'Two events a second at 1x' },
];

export interface ScrubberProps {
  cursor: number;
  total: number;
  event: SessionEvent | undefined;
  playing: boolean;
  speed: number;
  pace: Pace;
  onCursor: (position: number) => void;
  onPlaying: (playing: boolean) => void;
  onSpeed: (speed: number) => void;
  onPace: (pace: Pace) => void;
}

export function Scrubber({ cursor, total, event, playing, speed, pace, onCursor, onPlaying, onSpeed, onPace }: ScrubberProps) {
  const at = (n: number) => onCursor(Math.min(total, Math.max(1, n)));
  const where = `Event ${formatCount(cursor)} of ${formatCount(total)}${event ? `: ${event.type}` : ''}`;
  return (
    <div className="replay-bar" role="group" aria-label="Replay">
      <div className="replay-buttons">
        <IconButton icon={ChevronFirst} label="To the start" size="sm" onClick={() => at(1)} disabled={cursor <= 1} />
        <IconButton icon={StepBack} label="One event back" size="sm" onClick={() => at(cursor - 1)} disabled={cursor <= 1} />
        <IconButton icon={playing ? Pause : Play} label={playing ? 'Pause' : 'Play'} variant="primary" size="sm" onClick={() => onPlaying(!playing)} disabled={!playing && cursor >= total} />
        <IconButton icon={StepForward} label="One event forward" size="sm" onClick={() => at(cursor + 1)} disabled={cursor >= total} />
        <IconButton icon={ChevronLast} label="To the end" size="sm" onClick={() => at(total)} disabled={cursor >= total} />
      </div>
      <input
        className="replay-slider"
        type="range"
        min={1}
        max={Math.max(1, total)}
        step={1}
        value={cursor}
        aria-label="Replay position"
        aria-valuetext={where}
        onChange={(e) => at(Number(e.target.value))}
      />
      <span className="replay-where tabular" aria-live="off">
        {formatCount(cursor)} / {formatCount(total)}
      </span>
      <Select label="Speed" size="sm" value={String(speed)} onChange={(v) => onSpeed(Number(v))} options={SPEED_OPTIONS} />
      <Select label="Pace" size="sm" value={pace} onChange={(v) => onPace(v as Pace)} options={PACE_OPTIONS} />
    </div>
  );
}
