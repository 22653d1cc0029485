// A tool call (built-in, MCP or custom) with its input, what the user answered, and its output.
import type { ReactNode } from 'react';
import { Plug, Puzzle, Wrench } from 'lucide-react';
import { Badge, type Tone } from '../../ui/index.ts';
import { AnsiOutput } from './Ansi.tsx';
import { ToolInput } from './Code.tsx';
import { blocksText, RowFrame } from './parts.tsx';
import type { TimelineRow } from './rows.ts';

type ToolRowData = Extract<TimelineRow, { kind: 'tool' }>;

/** Refused before it ran: a policy denied it, or the agent does not offer the tool the model named. */
const deniedByPolicy = (row: ToolRowData) => 'evaluated_permission' in row.event && row.event.evaluated_permission === 'deny';

function stateOf(row: ToolRowData, pending: boolean): { label: string; tone: Tone } {
  if (pending) return { label: row.event.type === 'agent.custom_tool_use' ? 'Waiting for your result' : 'Waiting for approval', tone: 'warning' };
  if (deniedByPolicy(row)) return { label: 'Denied by policy', tone: 'danger' };
  if (row.confirmation?.result === 'deny') return { label: 'Denied', tone: 'danger' };
  if (row.result) return row.result.is_error ? { label: 'Failed', tone: 'danger' } : { label: 'Done', tone: 'success' };
  return { label: row.confirmation ? 'Approved, running' : 'Running', tone: 'info' };
}

export function ToolRow({ row, titleId, pending, action }: { row: ToolRowData; titleId: string; pending: boolean; action?: ReactNode }) {
  const e = row.event;
  const kind = e.type === 'agent.mcp_tool_use' ? { icon: Plug, label: `MCP · ${e.mcp_server_name}` } : e.type === 'agent.custom_tool_use' ? { icon: Puzzle, label: 'Custom tool' } : { icon: Wrench, label: 'Built-in' };
  const state = stateOf(row, pending);
  const output = row.result ? blocksText(row.result.content) : '';
  const refused = deniedByPolicy(row);
  return (
    <RowFrame
      id={titleId}
      icon={kind.icon}
      tone={pending ? 'warning' : 'neutral'}
      title={<code className="tl-tool-name">{e.name}</code>}
      meta={
        <>
          <Badge>{kind.label}</Badge> <Badge tone={state.tone}>{state.label}</Badge>
        </>
      }
      at={e.processed_at}
    >
      {/* A custom tool's answer form lays its input out field by field: not shown twice. */}
      {!(action && e.type === 'agent.custom_tool_use') && <ToolInput name={e.name} input={e.input} />}
      {row.confirmation?.result === 'deny' && row.confirmation.deny_message && <p className="tl-note">Reason given: {row.confirmation.deny_message}</p>}
      {action}
      {/* A refusal's result is the reason the model was told: words, not output. */}
      {refused && <p className="tl-note">{output ? `Reason: ${output}` : 'Not run.'}</p>}
      {row.result && !refused && (output ? <AnsiOutput text={output} label={`Output of ${e.name}`} error={row.result.is_error ?? false} /> : <p className="tl-note">No output.</p>)}
    </RowFrame>
  );
}
