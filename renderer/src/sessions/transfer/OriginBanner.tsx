// Where a session came from: a fork (from which session and event, and that its sandbox started
// fresh) or an imported log (read-only).
import { Banner } from '../../ui/index.ts';
import { originOf, useSession, type Session } from '../../data/index.ts';
import { href } from '../../app/routes.ts';

function OriginalLink({ id, eventId }: { id: string; eventId?: string }) {
  const original = useSession(id);
  const name = original.state === 'ready' ? original.item.title || 'Untitled session' : id;
  return <a href={eventId ? `${href.session(id)}?event=${eventId}` : href.session(id)}>{name}</a>;
}

export function OriginBanner({ session }: { session: Session }) {
  const origin = originOf(session);
  if (origin?.type === 'fork')
    return (
      <Banner tone="info" title="A fork: its sandbox starts fresh">
        Forked from <OriginalLink id={origin.sessionId} eventId={origin.eventId} /> at event <code>{origin.eventId}</code>: its history up to there was copied, and nothing of it
        was asked of the model again. Files and processes of the original’s sandbox are not here; a tool call runs in a new sandbox.
      </Banner>
    );
  if (origin?.type === 'import')
    return (
      <Banner tone="info" title="An imported log (read-only)">
        Recorded elsewhere (session <code>{origin.sessionId}</code>) and imported: replay it, or fork it at an event to continue from there.
      </Banner>
    );
  return null;
}
