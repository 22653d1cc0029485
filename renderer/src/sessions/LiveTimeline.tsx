// The live session's timeline: its log as it grows, older pages on demand, the model's text as it
// is produced, and the tool calls waiting for the user answered in place.
import { useMemo } from 'react';
import { Banner } from '../ui/index.ts';
import type { LiveSessionEvents, Session } from '../data/index.ts';
import { pendingActions, Timeline } from './timeline/index.ts';

export function LiveTimeline({ session, log }: { session: Session; log: LiveSessionEvents }) {
  const pending = useMemo(() => new Set(pendingActions(log.events)), [log.events]);
  return (
    <>
      {log.error && <Banner tone="danger" title="Could not read the session’s events">{log.error.message}</Banner>}
      <Timeline
        key={session.id}
        label="Session timeline"
        events={log.events}
        previews={log.previews}
        hasOlder={log.hasOlder}
        loadingOlder={log.loadingOlder}
        onLoadOlder={log.loadOlder}
        pending={pending}
        empty={log.loaded ? <p className="timeline-empty muted">Nothing has happened yet: the agent starts when the session gets its first message.</p> : <p className="timeline-empty muted">Loading the log…</p>}
      />
    </>
  );
}
