// Rows about the session itself rather than the conversation: what an update changed, and a turn
// stopped on the session's budget. Each says in words what happened and, for a stop, what to do next.
import { CircleDollarSign, PencilLine } from 'lucide-react';
import { formatCents } from '../../ui/index.ts';
import { RowFrame } from './parts.tsx';
import type { SessionUpdated, TimelineRow } from './rows.ts';

type Metadata = NonNullable<SessionUpdated['metadata']>;
type Tools = NonNullable<SessionUpdated['agent']>['tools'];

/** The keys whose values differ between two bags; a key gone from `after` says so. */
function changedKeys(before: Metadata, after: Metadata): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.filter((k) => before[k] !== after[k]).map((k) => (k in after ? k : `${k} (removed)`));
}

/** The tools an agent now offers, by toolset: the built-in tools enabled, each MCP server, each custom tool. */
function toolsText(tools: Tools): string {
  const parts = tools.map((t) => {
    if (t.type === 'agent_toolset_20260401') {
      const on = t.configs.filter((c) => c.enabled).map((c) => c.name);
      return on.length ? `built-in ${on.join(', ')}` : 'no built-in tools';
    }
    return t.type === 'mcp_toolset' ? `MCP ${t.mcp_server_name}` : t.name;
  });
  return parts.length ? parts.join('; ') : 'none';
}

/** One sentence per part the update changed (the event carries only those). */
export function updateSentences(row: Extract<TimelineRow, { kind: 'updated' }>): string[] {
  // Dockhand's log carries a changed title too; the official event has no field for it.
  const e = row.event as SessionUpdated & { title?: string | null };
  const out: string[] = [];
  if (e.title !== undefined) out.push(e.title ? `Title changed to “${e.title}”` : 'Title removed');
  if (e.metadata) {
    // The event holds the whole bag after the update: the keys that changed show only against an earlier bag in view.
    out.push(row.metadataBefore ? `Metadata changed: ${changedKeys(row.metadataBefore, e.metadata).join(', ')}` : `Metadata set: ${Object.keys(e.metadata).join(', ')}`);
  }
  if (e.budget === null) out.push('Budget removed');
  else if (e.budget) {
    const to = formatCents(e.budget.max_list_cost);
    const from = row.budgetBefore ? Number(row.budgetBefore.max_list_cost.amount) : null;
    const now = Number(e.budget.max_list_cost.amount);
    out.push(from === null ? `Budget set to ${to}` : now > from ? `Budget raised to ${to}` : `Budget lowered to ${to}`);
  }
  if (e.agent) out.push(`Tools changed, now: ${toolsText(e.agent.tools)}`);
  return out;
}

export function UpdatedRow({ row, titleId }: { row: Extract<TimelineRow, { kind: 'updated' }>; titleId: string }) {
  const sentences = updateSentences(row);
  return <RowFrame id={titleId} icon={PencilLine} compact title={sentences.length ? sentences.join(' · ') : 'Session updated'} at={row.event.processed_at} />;
}

export function BudgetStopRow({ row, titleId }: { row: Extract<TimelineRow, { kind: 'budget' }>; titleId: string }) {
  const budget = row.budget ? formatCents(row.budget.max_list_cost) : null;
  return (
    <RowFrame id={titleId} icon={CircleDollarSign} tone="warning" title={budget ? `Stopped: the session reached its budget of ${budget}` : 'Stopped: the session reached its budget'} at={row.event.processed_at}>
      <p>
        {row.spent && `Spent so far: ${formatCents(row.spent)} at list prices. `}
        Dockhand will not call the model again until the budget is raised or removed.
      </p>
      <p className="tl-note">Raise or remove it under Session details, then send a message to continue.</p>
    </RowFrame>
  );
}
