// The session timeline, one component for the live view and replay: rows built from a run of the
// log (up to a cursor in replay), virtualised (only the rows in view exist in the page), older pages
// asked for when the top comes into view, and kept at the bottom while new events arrive unless the
// reader scrolled up.
import { memo, useEffect, useLayoutEffect, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Spinner } from '../../ui/index.ts';
import type { EventPreview, SessionEvent } from '../../data/index.ts';
import { EventRow, PreviewRow, SpanRow } from './EventRows.tsx';
import { BudgetStopRow, UpdatedRow } from './SessionRows.tsx';
import { buildRows, type TimelineRow, type ToolUseEvent } from './rows.ts';
import { ToolRow } from './ToolRow.tsx';
import './timeline.css';

export interface TimelineProps {
  /** A contiguous run of the session's log, oldest first. */
  events: readonly SessionEvent[];
  /** What the model is producing now (live only). */
  previews?: readonly EventPreview[];
  /** Replay's cursor: show the events up to and including this index (previews are hidden). */
  upTo?: number;
  /** An event to scroll to and mark (a deep link, the replay cursor). */
  highlightEventId?: string;
  /** Older events than `events[0]` exist: the top row asks for them with `onLoadOlder` when it comes into view. */
  hasOlder?: boolean;
  loadingOlder?: boolean;
  onLoadOlder?: () => void;
  /** Tool calls waiting for the user, and what each shows under its input (approve/deny, a result form). */
  pending?: ReadonlySet<string>;
  renderAction?: (event: ToolUseEvent) => ReactNode;
  /** Controls beside an event (e.g. replay's "Fork from here"). */
  rowActions?: (event: SessionEvent) => ReactNode;
  /** Shown when there are no rows. */
  empty?: ReactNode;
  label?: string;
}

const ESTIMATE = 72;
/** Within this many pixels of the bottom counts as "at the bottom" (following new events). */
const FOLLOW_SLACK = 48;

/** Rows are rebuilt whenever the log grows (each frame while text streams): one shows the same thing if its events are the same. */
function sameRow(a: TimelineRow, b: TimelineRow): boolean {
  if (a.kind === 'preview' || b.kind === 'preview') return a.kind === 'preview' && b.kind === 'preview' && a.preview === b.preview;
  if (a.kind !== b.kind || a.event !== b.event) return false;
  if (a.kind === 'tool' && b.kind === 'tool') return a.confirmation === b.confirmation && a.result === b.result;
  if (a.kind === 'span' && b.kind === 'span') return a.start === b.start;
  // What they replaced or spent comes from earlier events: it changes when older pages arrive.
  if (a.kind === 'updated' && b.kind === 'updated') return a.budgetBefore === b.budgetBefore && a.metadataBefore === b.metadataBefore;
  if (a.kind === 'budget' && b.kind === 'budget') return a.budget === b.budget && a.spent === b.spent;
  return true;
}

type RowProps = { row: TimelineRow; pending: boolean; action?: ReactNode; actions?: ReactNode; highlighted: boolean };
const sameProps = (p: RowProps, n: RowProps) => sameRow(p.row, n.row) && p.pending === n.pending && p.highlighted === n.highlighted && !p.action && !n.action && !p.actions && !n.actions;

const Row = memo(function Row({ row, pending, action, actions, highlighted }: RowProps) {
  const titleId = `tl-${row.key}`;
  const body =
    row.kind === 'tool' ? (
      <ToolRow row={row} titleId={titleId} pending={pending} action={action} />
    ) : row.kind === 'span' ? (
      <SpanRow row={row} titleId={titleId} />
    ) : row.kind === 'updated' ? (
      <UpdatedRow row={row} titleId={titleId} />
    ) : row.kind === 'budget' ? (
      <BudgetStopRow row={row} titleId={titleId} />
    ) : row.kind === 'preview' ? (
      <PreviewRow preview={row.preview} titleId={titleId} />
    ) : (
      <EventRow event={row.event} titleId={titleId} />
    );
  return (
    <article className={highlighted ? 'tl-item tl-highlight' : 'tl-item'} aria-labelledby={titleId} data-event-id={row.kind === 'preview' ? undefined : row.event.id} data-kind={row.kind === 'preview' ? 'preview' : row.event.type}>
      {body}
      {actions && <div className="tl-actions">{actions}</div>}
    </article>
  );
}, sameProps);

export function Timeline({ events, previews, upTo, highlightEventId, hasOlder = false, loadingOlder = false, onLoadOlder, pending, renderAction, rowActions, empty, label = 'Timeline' }: TimelineProps) {
  const rows = useMemo(() => buildRows(events, previews, upTo), [events, previews, upTo]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const top = hasOlder ? 1 : 0; // the "earlier events" row

  // TanStack Virtual re-renders this component itself; the React Compiler skipping it is expected.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length + top,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATE,
    getItemKey: (i) => (i < top ? 'older' : rows[i - top]!.key),
    overscan: 6,
  });
  const items = virtualizer.getVirtualItems();
  const total = virtualizer.getTotalSize();

  // Older events were put in front: keep the rows that were in view where they were.
  const firstKey = rows[0]?.key;
  const before = useRef<{ first?: string; total: number }>({ total: 0 });
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const was = before.current;
    before.current = { first: firstKey, total };
    if (!el || !was.first || was.first === firstKey || following.current) return;
    if (rows.findIndex((r) => r.key === was.first) > 0) el.scrollTop += total - was.total;
  }, [firstKey, total, rows]);

  // Following the end: stay at the bottom as rows arrive and grow (a streaming preview, a row measured).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && following.current && highlightEventId === undefined) el.scrollTop = el.scrollHeight;
  }, [total, rows, highlightEventId]);

  // The top came into view after the reader scrolled up (or everything fits): ask for the page before.
  const firstIndex = items[0]?.index;
  useEffect(() => {
    const el = scrollRef.current;
    const fits = !!el && el.scrollHeight <= el.clientHeight + FOLLOW_SLACK;
    if (hasOlder && !loadingOlder && firstIndex === 0 && (fits || !following.current)) onLoadOlder?.();
  }, [hasOlder, loadingOlder, firstIndex, onLoadOlder, total]);

  // A highlighted event is scrolled into view (the row that holds it: a tool call holds its answers).
  const highlightRow = useMemo(() => {
    if (!highlightEventId) return -1;
    const at = events.findIndex((e) => e.id === highlightEventId);
    if (at < 0) return -1;
    let found = -1;
    rows.forEach((r, i) => r.kind !== 'preview' && r.index <= at && (found = i));
    return found;
  }, [highlightEventId, events, rows]);
  useEffect(() => {
    if (highlightRow >= 0) virtualizer.scrollToIndex(highlightRow + top, { align: 'center' });
  }, [highlightRow, top, virtualizer]);

  // Only the reader stops the following (scrolling up by wheel, touch, keys or the scroll bar); the
  // timeline's own scrolling and the rows' measuring never do. Back at the bottom, it follows again.
  const dragging = useRef(false);
  const leave = () => (following.current = false);
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_SLACK;
    if (atBottom) following.current = true;
    else if (dragging.current) following.current = false;
  };
  const onKeyDown = (e: KeyboardEvent) => ['ArrowUp', 'PageUp', 'Home'].includes(e.key) && leave();

  return (
    <div
      ref={scrollRef}
      className="timeline"
      onScroll={onScroll}
      onWheel={(e) => e.deltaY < 0 && leave()}
      onTouchMove={leave}
      onKeyDown={onKeyDown}
      onPointerDown={() => (dragging.current = true)}
      onPointerUp={() => (dragging.current = false)}
      tabIndex={0}
      role="feed"
      aria-label={label}
      aria-busy={loadingOlder || undefined}
    >
      {rows.length === 0 && !hasOlder && empty}
      <div className="timeline-inner" style={{ height: total }}>
        <div className="timeline-window" style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
          {items.map((item) => {
            if (item.index < top)
              return (
                <div key={item.key} ref={virtualizer.measureElement} data-index={item.index} className="tl-older">
                  {loadingOlder ? <Spinner label="Loading earlier events" /> : <span className="muted">Earlier events</span>}
                </div>
              );
            const row = rows[item.index - top]!;
            const waiting = row.kind === 'tool' && !!pending?.has(row.event.id);
            return (
              <div key={item.key} ref={virtualizer.measureElement} data-index={item.index}>
                <Row
                  row={row}
                  pending={waiting}
                  action={waiting && row.kind === 'tool' ? renderAction?.(row.event) : undefined}
                  actions={row.kind !== 'preview' ? rowActions?.(row.event) : undefined}
                  highlighted={item.index - top === highlightRow}
                />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
