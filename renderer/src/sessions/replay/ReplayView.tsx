// Replay: a session's recorded log with a cursor. It opens at the end (or at the event a link names),
// the timeline shows exactly the events up to the cursor, and the side panel the state there. Nothing
// is run: no model call, no tool. The address follows the cursor (`#/sessions/sesn_...?event=sevt_...`).
import { useEffect, useRef, useState } from 'react';
import { Banner } from '../../ui/index.ts';
import { useReplayWindow, useSessionState, type Session } from '../../data/index.ts';
import { href, replaceHash } from '../../app/routes.ts';
import { Timeline } from '../timeline/index.ts';
import { ForkButton } from '../transfer/ForkButton.tsx';
import { Scrubber } from './Scrubber.tsx';
import { StatePanel } from './StatePanel.tsx';
import type { Pace } from './pace.ts';
import { usePlayback } from './usePlayback.ts';
import './replay.css';

/** The address names the cursor's event, rewritten at most this often while playing. */
const ADDRESS_EVERY_MS = 250;

export function ReplayView({ session, eventId }: { session: Session; eventId: string | null }) {
  // Opened at an event (or sent to one by a link): its position comes with the state there; otherwise
  // at the log's end. The address then follows the cursor, which is not a new target.
  const [target, setTarget] = useState(eventId);
  const [cursor, setCursor] = useState<number | null>(null);
  // The event this view last wrote into the address: any other is a link followed.
  const written = useRef<string | null>(eventId);
  useEffect(() => {
    if (eventId && eventId !== written.current) (setTarget(eventId), setCursor(null), (written.current = eventId));
  }, [eventId]);
  const opened = useSessionState(session.id, target);
  const position = cursor ?? (target ? (opened.stale ? null : (opened.state?.position ?? null)) : null);
  const win = useReplayWindow(session.id, position);
  const total = win.total ?? 0;
  const at = position ?? total;
  const event = win.events[at - win.first];
  const state = useSessionState(session.id, event?.id ?? null);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(10);
  const [pace, setPace] = useState<Pace>('recorded');
  const move = (n: number) => setCursor(n);

  usePlayback({ playing, cursor: at, total, events: win.events, first: win.first, speed, pace, setCursor: move, onEnd: () => setPlaying(false) });

  // The address follows the cursor, without a history entry per step.
  const id = event?.id;
  useEffect(() => {
    if (!id) return;
    const timer = window.setTimeout(() => ((written.current = id), replaceHash(`${href.session(session.id)}?event=${id}`)), ADDRESS_EVERY_MS);
    return () => window.clearTimeout(timer);
  }, [id, session.id]);

  const failed = win.error ?? (target && opened.error && !opened.state ? opened.error : null);
  const inWindow = at >= win.first && at < win.first + win.events.length;
  return (
    <div className="session-layout replay-layout">
      <section className="session-main" aria-label="Replay">
        {failed && (
          <Banner tone="danger" title="Could not read this log">
            {failed.message}
          </Banner>
        )}
        <Scrubber
          cursor={at}
          total={total}
          event={event}
          playing={playing}
          speed={speed}
          pace={pace}
          onCursor={(n) => (setPlaying(false), move(n))}
          onPlaying={(p) => (p && at >= total ? undefined : setPlaying(p))}
          onSpeed={setSpeed}
          onPace={setPace}
        />
        <Timeline
          key={session.id}
          label="Replay timeline"
          events={win.events}
          upTo={inWindow ? at - win.first : -1}
          highlightEventId={id}
          hasOlder={win.first > 1}
          loadingOlder={win.loadingOlder}
          onLoadOlder={win.loadOlder}
          empty={<p className="timeline-empty muted">{win.total === null ? 'Loading the log…' : total === 0 ? 'This session has no events yet.' : 'Reading the events here…'}</p>}
        />
      </section>
      <aside className="session-side replay-side" aria-label="State at the cursor">
        <StatePanel view={state} actions={id && <ForkButton sessionId={session.id} eventId={id} />} />
      </aside>
    </div>
  );
}
