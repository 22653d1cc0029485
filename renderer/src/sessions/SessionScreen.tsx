// A session's page until the session view (next issue) replaces it: its facts and its events as a
// plain list, live.
import { Badge, Facts, PageBody, PageHeader, Section, formatDateTime, formatTokens, formatUsd } from '../ui/index.ts';
import { estimateCost, modelName, PRICES_TAKEN_AT, useEnvironment, useSession, useSessionEvents, usageTotals, type SessionEvent } from '../data/index.ts';
import { href } from '../app/routes.ts';
import { ResourceGate } from '../app/ResourceGate.tsx';
import { SessionStatus } from './status.tsx';
import { useDisplayStatus } from './activity.ts';
import type { Session } from '../data/index.ts';

const SHOWN = 500;

/** One line per event: its type, when, and the gist. */
function summary(e: SessionEvent): string {
  const text = (blocks: unknown) =>
    Array.isArray(blocks)
      ? blocks
          .map((b: { type?: string; text?: string }) => (b.type === 'text' ? b.text : `[${b.type}]`))
          .join(' ')
          .slice(0, 240)
      : '';
  switch (e.type) {
    case 'user.message':
    case 'agent.message':
      return text(e.content);
    case 'agent.tool_use':
    case 'agent.custom_tool_use':
    case 'agent.mcp_tool_use':
      return `${e.name} ${JSON.stringify(e.input).slice(0, 200)}`;
    case 'session.status_idle':
      return `stop: ${e.stop_reason?.type ?? 'end_turn'}`;
    case 'session.error':
      return e.error.message;
    default:
      return '';
  }
}

function Events({ session }: { session: Session }) {
  const { events, loaded, error } = useSessionEvents(session.id);
  const shown = events.slice(-SHOWN);
  const description = !loaded ? 'Loading the log…' : events.length > SHOWN ? `The last ${SHOWN} of ${events.length} events, live.` : `${events.length} events, live.`;
  return (
    <Section title="Events" description={description}>
      {error && <p className="field-error">Could not read the events: {error.message}</p>}
      {loaded && events.length === 0 && <p className="muted">Nothing has happened yet: the agent starts when the session gets its first message.</p>}
      <ol className="event-list" aria-label="Events" hidden={shown.length === 0}>
        {shown.map((e) => (
          <li key={e.id} className="event-row">
            <code className="event-type">{e.type}</code>
            <span className="event-summary truncate">{summary(e)}</span>
            <time className="muted tabular" dateTime={e.processed_at ?? undefined}>
              {e.processed_at ? new Date(e.processed_at).toLocaleTimeString() : ''}
            </time>
          </li>
        ))}
      </ol>
    </Section>
  );
}

function SessionPage({ session }: { session: Session }) {
  const env = useEnvironment(session.environment_id);
  const status = useDisplayStatus(session);
  const usage = usageTotals(session.usage);
  const crumbs = [{ label: 'Sessions', href: href.sessions() }];
  return (
    <div className="page">
      <PageHeader title={session.title || 'Untitled session'} crumbs={crumbs} meta={<SessionStatus status={status} />} />
      <PageBody width="narrow">
        <Section title="Session">
          <Facts
            items={[
              { label: 'Id', value: <code>{session.id}</code> },
              {
                label: 'Agent',
                value: (
                  <>
                    <a href={href.agent(session.agent.id)}>{session.agent.name}</a> <Badge>v{session.agent.version}</Badge>
                  </>
                ),
              },
              { label: 'Model', value: modelName(session.agent.model.id) },
              { label: 'Environment', value: <a href={href.environment(session.environment_id)}>{env.state === 'ready' ? env.item.name : session.environment_id}</a> },
              { label: 'Created', value: formatDateTime(session.created_at) },
              { label: 'Last activity', value: formatDateTime(session.updated_at) },
              { label: 'Tokens', value: `${formatTokens(usage.input)} in · ${formatTokens(usage.output)} out · ${formatTokens(usage.cacheRead)} cache read` },
              { label: 'Estimated cost', value: <span title={`At list prices taken ${PRICES_TAKEN_AT}; an estimate, not a bill.`}>{formatUsd(estimateCost(session.agent.model.id, session.usage))} (estimate)</span> },
              ...session.resources.map((r) => ({ label: r.type === 'github_repository' ? 'Repository' : 'File', value: r.type === 'github_repository' ? `${r.url} → ${r.mount_path}` : r.mount_path })),
            ]}
          />
        </Section>
        <Events session={session} />
      </PageBody>
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
