// Replay's side panel: the session as it stood at the cursor, as core's brain folds it from the log
// (`sessions.state`): what comes next, the calls waiting, tokens and estimated cost so far, and the
// conversation the model is given next, after any compaction.
import type { ReactNode } from 'react';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { Banner, Badge, Facts, Section, formatCount, formatTokens, formatUsd, plural } from '../../ui/index.ts';
import type { SessionStateView } from '../../data/index.ts';

const NEXT: Record<string, string> = {
  model: 'Asking the model',
  tools: 'Running tools',
  user: 'Waiting for the user',
  rest: 'Nothing to do: idle until the next message',
};

const AWAITING = { confirmation: 'needs approval', custom_tool_result: 'needs your tool’s result', result: 'running' } as const;

type Block = Exclude<MessageParam['content'], string>[number];

function blockText(b: Block): string {
  switch (b.type) {
    case 'text':
      return b.text;
    case 'tool_use':
      return `${b.name} ${JSON.stringify(b.input)}`;
    case 'tool_result':
      return typeof b.content === 'string' ? b.content : (b.content ?? []).map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
    case 'thinking':
      return b.thinking;
    default:
      return `[${b.type}]`;
  }
}

const LABEL: Partial<Record<Block['type'], string>> = { tool_use: 'Tool call', tool_result: 'Tool result', thinking: 'Thinking', text: 'Text' };

/** The context, message by message: who, and each block's kind and text (long ones folded). */
function Context({ messages }: { messages: MessageParam[] }) {
  return (
    <ol className="replay-context">
      {messages.map((m, i) => {
        const blocks: Block[] = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
        return (
          <li key={i} className={`replay-msg replay-msg-${m.role}`}>
            <span className="replay-msg-role">{m.role === 'user' ? 'User' : 'Assistant'}</span>
            {blocks.map((b, j) => {
              const text = blockText(b);
              return (
                <details key={j} className="replay-block" open={text.length <= 160}>
                  <summary>
                    <Badge>{LABEL[b.type] ?? b.type}</Badge> <span className="replay-block-gist truncate">{text.slice(0, 120)}</span>
                  </summary>
                  {text.length > 120 && <pre className="replay-block-text">{text}</pre>}
                </details>
              );
            })}
          </li>
        );
      })}
    </ol>
  );
}

/** `actions`: what can be done at the cursor ("Fork from here"). */
export function StatePanel({ view, actions }: { view: SessionStateView; actions?: ReactNode }) {
  const s = view.state;
  if (view.error && !s) return <Banner tone="danger" title="Could not read the state at this event">{view.error.message}</Banner>;
  if (!s) return <p className="muted">Reading the state…</p>;
  const u = s.usage;
  return (
    <div className="replay-state" aria-busy={view.stale || undefined} data-event-id={s.event_id ?? undefined}>
      <Section title="State at this event" actions={actions} description={`After event ${formatCount(s.position)} of ${formatCount(s.total)}, as the brain rebuilds it from the log: nothing is run again.`}>
        <Facts
          items={[
            { label: 'Status', value: s.status === 'running' ? 'Running' : 'Idle' },
            { label: 'Next', value: s.open_model_request ? 'The model is answering' : NEXT[s.next] },
            { label: 'Model requests so far', value: formatCount(s.model_requests) },
            { label: 'Tokens so far', value: `${formatTokens(u.input_tokens ?? 0)} in · ${formatTokens(u.output_tokens ?? 0)} out · ${formatTokens(u.cache_read_input_tokens ?? 0)} cache read · ${formatTokens(u.cache_creation?.ephemeral_5m_input_tokens ?? 0)} cache write` },
            { label: 'Estimated cost so far', value: `${formatUsd(s.estimated_cost_usd)} (estimate, list prices)` },
          ]}
        />
      </Section>
      <Section title="Pending" description={s.pending.length ? plural(s.pending.length, 'tool call') + ' without a result yet.' : 'No tool call is waiting.'}>
        {s.pending.length > 0 && (
          <ul className="replay-pending">
            {s.pending.map((p) => (
              <li key={p.event_id}>
                <strong>{p.name}</strong> <Badge tone={p.awaiting === 'result' ? 'neutral' : 'warning'}>{AWAITING[p.awaiting]}</Badge>
                <pre className="replay-block-text">{JSON.stringify(p.input, null, 2)}</pre>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section
        title="What the model sees next"
        description={`${plural(s.message_count, 'message')}${s.message_count > s.messages.length ? ` (the last ${formatCount(s.messages.length)} shown)` : ''}, after compaction; the system prompt and tools come with every request.`}
      >
        {s.compaction && (
          <p className="muted replay-note">
            {s.compaction.recorded
              ? 'The context was compacted earlier in this log: older tool output is cleared or older turns left out, as shown.'
              : 'This log was compacted, but the compacted context was not recorded with it (an imported log): the messages are shown in full.'}
          </p>
        )}
        {s.messages.length ? <Context messages={s.messages} /> : <p className="muted">Nothing yet.</p>}
      </Section>
    </div>
  );
}
