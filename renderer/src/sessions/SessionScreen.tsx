// A session, live: its timeline (streaming as the agent works, approvals in place), the composer, and
// beside them the session's facts and its sandbox. Each part is its own component so replay's parts
// (its bar, the state at the cursor, export and fork) slot in beside them.
import { PageHeader } from '../ui/index.ts';
import { useSession, useSessionEvents } from '../data/index.ts';
import { href, useRoute } from '../app/routes.ts';
import { ResourceGate } from '../app/ResourceGate.tsx';
import { originOf, type Session } from '../data/index.ts';
import { SessionStatus } from './status.tsx';
import { useDisplayStatus } from './activity.ts';
import { SessionFacts } from './SessionFacts.tsx';
import { LiveTimeline } from './LiveTimeline.tsx';
import { Composer } from './Composer.tsx';
import { SandboxPanel } from './SandboxPanel.tsx';
import { liveState } from './live-state.ts';
import { ReplayView } from './replay/ReplayView.tsx';
import { OriginBanner } from './transfer/OriginBanner.tsx';
import { SessionActions } from './transfer/SessionActions.tsx';
import './session.css';

/** Replay when the address names an event or asks for it, and always for an imported (read-only) log. */
function useReplaying(session: Session): { replaying: boolean; eventId: string | null } {
  const { query } = useRoute();
  return { replaying: query.has('event') || query.has('replay') || originOf(session)?.type === 'import', eventId: query.get('event') };
}

function SessionPage({ session }: { session: Session }) {
  const status = useDisplayStatus(session);
  const { replaying, eventId } = useReplaying(session);
  return (
    <div className="page">
      <PageHeader title={session.title || 'Untitled session'} crumbs={[{ label: 'Sessions', href: href.sessions() }]} meta={<SessionStatus status={status} />} actions={<SessionActions session={session} replaying={replaying} />} />
      <OriginBanner session={session} />
      {replaying ? <ReplayView session={session} eventId={eventId} /> : <LivePage session={session} />}
    </div>
  );
}

function LivePage({ session }: { session: Session }) {
  const log = useSessionEvents(session.id);
  return (
    <div className="session-layout">
      <main className="session-main" aria-label="Conversation">
        <LiveTimeline session={session} log={log} />
        <Composer session={session} state={liveState(session, log.events)} />
      </main>
      <aside className="session-side" aria-label="Session details">
        <SessionFacts session={session} />
        <SandboxPanel session={session} events={log.events} />
      </aside>
    </div>
  );
}

export function SessionScreen({ id }: { id: string }) {
  return (
    <ResourceGate loaded={useSession(id)} noun="session" crumbs={[{ label: 'Sessions', href: href.sessions() }]}>
      {(session) => <SessionPage session={session} />}
    </ResourceGate>
  );
}
