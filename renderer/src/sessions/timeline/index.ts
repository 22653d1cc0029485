// The session timeline, shared by the live session view and replay.
export { Timeline, type TimelineProps } from './Timeline.tsx';
export { buildRows, pendingActions, type TimelineRow, type ToolUseEvent } from './rows.ts';
export { blocksText } from './parts.tsx';
