import { StatusDot, type Tone } from '../ui/index.ts';
import type { Session } from '../data/index.ts';

/** What the list says a session is doing. */
export type DisplayStatus = 'running' | 'idle' | 'requires_action' | 'error' | 'rescheduling' | 'terminated';

export const STATUS_LABEL: Record<DisplayStatus, { label: string; tone: Tone }> = {
  running: { label: 'Running', tone: 'info' },
  idle: { label: 'Idle', tone: 'neutral' },
  requires_action: { label: 'Waiting for approval', tone: 'warning' },
  error: { label: 'Error', tone: 'danger' },
  rescheduling: { label: 'Retrying', tone: 'warning' },
  terminated: { label: 'Terminated', tone: 'neutral' },
};

export function SessionStatus({ status }: { status: DisplayStatus }) {
  const s = STATUS_LABEL[status];
  return <StatusDot tone={s.tone} label={s.label} pulse={status === 'running'} />;
}

export const baseStatus = (s: Session): DisplayStatus => s.status;
