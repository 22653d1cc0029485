// The table from event type to the small component that shows it. A type without an entry shows
// as its JSON, never as nothing.
import type { ReactNode } from 'react';
import { Bot, Brain, CircleAlert, CirclePause, CirclePlay, CircleStop, Cpu, FileJson, Hand, Layers, RotateCw, ScrollText, User } from 'lucide-react';
import { Badge, formatTokens } from '../../ui/index.ts';
import type { EventPreview, SessionEvent } from '../../data/index.ts';
import { JsonCode } from './Code.tsx';
import { MarkdownText } from './Markdown.tsx';
import { blocksText, RowFrame } from './parts.tsx';
import type { TimelineRow } from './rows.ts';

type Of<T extends SessionEvent['type']> = Extract<SessionEvent, { type: T }>;
type Renderers = { [T in SessionEvent['type']]?: (e: Of<T>, titleId: string) => ReactNode };

const STOP: Record<string, string> = {
  end_turn: 'The turn ended',
  requires_action: 'Waiting for you',
  retries_exhausted: 'Stopped after repeated errors',
};

const RENDERERS: Renderers = {
  'user.message': (e, id) => (
    <RowFrame id={id} icon={User} title="You" tone="accent" at={e.processed_at}>
      <p className="tl-user-text">{blocksText(e.content)}</p>
    </RowFrame>
  ),
  'system.message': (e, id) => (
    <RowFrame id={id} icon={ScrollText} title="System note" tone="info" meta={<span>from you, as system context</span>} at={e.processed_at}>
      <p className="tl-user-text">{blocksText(e.content)}</p>
    </RowFrame>
  ),
  'agent.message': (e, id) => (
    <RowFrame id={id} icon={Bot} title="Agent" at={e.processed_at}>
      <MarkdownText text={blocksText(e.content)} />
    </RowFrame>
  ),
  'agent.thinking': (e, id) => (
    <RowFrame id={id} icon={Brain} title="Thinking" compact at={e.processed_at}>
      <details className="tl-thinking">
        <summary>Show</summary>
        <p className="tl-note">The model thought here; its reasoning is not kept in the log.</p>
      </details>
    </RowFrame>
  ),
  'user.interrupt': (e, id) => <RowFrame id={id} icon={Hand} title="You interrupted the agent" compact at={e.processed_at} />,
  'user.tool_confirmation': (e, id) => <RowFrame id={id} icon={Hand} title={e.result === 'allow' ? 'You approved a tool call' : 'You denied a tool call'} compact at={e.processed_at} />,
  'session.status_running': (e, id) => <RowFrame id={id} icon={CirclePlay} title="Running" compact at={e.processed_at} />,
  'session.status_idle': (e, id) => (
    <RowFrame id={id} icon={CirclePause} title={STOP[e.stop_reason?.type ?? 'end_turn'] ?? `Idle (${e.stop_reason?.type})`} tone={e.stop_reason?.type === 'retries_exhausted' ? 'danger' : 'neutral'} compact at={e.processed_at} />
  ),
  'session.status_rescheduled': (e, id) => <RowFrame id={id} icon={RotateCw} title="Retrying after an error" tone="warning" compact at={e.processed_at} />,
  'session.status_terminated': (e, id) => <RowFrame id={id} icon={CircleStop} title="Terminated" tone="danger" compact at={e.processed_at} />,
  'session.error': (e, id) => (
    <RowFrame id={id} icon={CircleAlert} title="Error" tone="danger" meta={<Badge tone="danger">{e.error.type.replace(/_/g, ' ')}</Badge>} at={e.processed_at}>
      <p>{e.error.message}</p>
      {'retry_status' in e.error && e.error.retry_status && <p className="tl-note">{e.error.retry_status.type === 'retrying' ? 'Dockhand retries.' : e.error.retry_status.type === 'exhausted' ? 'Retries are used up.' : 'This error is final.'}</p>}
    </RowFrame>
  ),
  'agent.thread_context_compacted': (e, id) => (
    <RowFrame id={id} icon={Layers} title="Context compacted" tone="info" compact at={e.processed_at}>
      <p className="tl-note">Older turns were summarised so the conversation fits the model’s window; the log keeps everything.</p>
    </RowFrame>
  ),
  'span.model_request_start': (e, id) => <RowFrame id={id} icon={Cpu} title="Calling the model…" compact at={e.processed_at} />,
};

/** A model request: its tokens and how long it took, from its start and end. */
export function SpanRow({ row, titleId }: { row: Extract<TimelineRow, { kind: 'span' }>; titleId: string }) {
  const u = row.event.model_usage;
  const ms = row.start ? Date.parse(row.event.processed_at) - Date.parse(row.start.processed_at) : null;
  return (
    <RowFrame
      id={titleId}
      icon={Cpu}
      compact
      tone={row.event.is_error ? 'danger' : 'neutral'}
      title={row.event.is_error ? 'Model request failed' : 'Model request'}
      meta={
        <span className="tabular">
          {formatTokens(u.input_tokens)} in · {formatTokens(u.output_tokens)} out
          {u.cache_read_input_tokens ? ` · ${formatTokens(u.cache_read_input_tokens)} cache read` : ''}
          {u.cache_creation_input_tokens ? ` · ${formatTokens(u.cache_creation_input_tokens)} cache write` : ''}
          {ms !== null && ` · ${ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`}`}
        </span>
      }
      at={row.event.processed_at}
    />
  );
}

/** What the model is writing now (an `event_deltas` preview), word by word. */
export function PreviewRow({ preview, titleId }: { preview: EventPreview; titleId: string }) {
  if (preview.type === 'agent.thinking') return <RowFrame id={titleId} icon={Brain} title="Thinking…" compact />;
  return (
    <RowFrame id={titleId} icon={Bot} title="Agent" meta={<span className="tl-writing">writing…</span>}>
      <div aria-busy="true">
        <MarkdownText text={preview.text} />
      </div>
    </RowFrame>
  );
}

export function EventRow({ event, titleId }: { event: SessionEvent; titleId: string }) {
  const render = RENDERERS[event.type] as ((e: SessionEvent, id: string) => ReactNode) | undefined;
  if (render) return render(event, titleId);
  return (
    <RowFrame id={titleId} icon={FileJson} title={<code>{event.type}</code>} at={'processed_at' in event ? event.processed_at : null}>
      <JsonCode value={event} label={`${event.type} event`} />
    </RowFrame>
  );
}
