// The live session's timeline: its log as it grows, older pages on demand, the model's text as it
// is produced, and the tool calls waiting for the user answered in place (with a banner over the
// timeline saying so, and taking the reader there).
import { useMemo, useState } from 'react';
import { Banner, Button, plural } from '../ui/index.ts';
import type { LiveSessionEvents, Session } from '../data/index.ts';
import { pendingActions, Timeline, type ToolUseEvent } from './timeline/index.ts';
import { ApprovalCard } from './approvals/ApprovalCard.tsx';
import { CustomToolForm } from './approvals/CustomToolForm.tsx';

export function LiveTimeline({ session, log }: { session: Session; log: LiveSessionEvents }) {
  const pendingIds = useMemo(() => pendingActions(log.events), [log.events]);
  const pending = useMemo(() => new Set(pendingIds), [pendingIds]);
  const [shown, setShown] = useState<string | undefined>();
  const renderAction = (call: ToolUseEvent) => (call.type === 'agent.custom_tool_use' ? <CustomToolForm session={session} call={call} /> : <ApprovalCard sessionId={session.id} call={call} />);
  const custom = log.events.filter((e) => pending.has(e.id) && e.type === 'agent.custom_tool_use').length;
  return (
    <>
      {log.error && (
        <Banner tone="danger" title="Could not read the session’s events">
          {log.error.message}
        </Banner>
      )}
      {pendingIds.length > 0 && (
        <div className="pending-banner">
          <Banner
            tone="warning"
            title={custom === pendingIds.length ? `The agent waits for your tool’s result (${plural(custom, 'call')})` : `The agent waits for your approval (${plural(pendingIds.length, 'tool call')})`}
            actions={
              <Button size="sm" onClick={() => setShown(pendingIds[0])}>
                Show
              </Button>
            }
          />
        </div>
      )}
      <Timeline
        key={session.id}
        label="Session timeline"
        events={log.events}
        previews={log.previews}
        hasOlder={log.hasOlder}
        loadingOlder={log.loadingOlder}
        onLoadOlder={log.loadOlder}
        pending={pending}
        renderAction={renderAction}
        highlightEventId={shown && pending.has(shown) ? shown : undefined}
        empty={<p className="timeline-empty muted">{log.loaded ? 'Nothing has happened yet: the agent starts when the session gets its first message.' : 'Loading the log…'}</p>}
      />
    </>
  );
}
