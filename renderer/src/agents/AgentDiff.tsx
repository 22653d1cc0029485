import type { ReactNode } from 'react';
import { DiffView } from '../ui/DiffView.tsx';
import type { AgentConfig } from './draft.ts';

// Keys in a fixed order, so two versions that say the same thing in another order show no change.
const FIRST = ['type', 'name', 'mcp_server_name', 'skill_id', 'id', 'description', 'url', 'version', 'enabled', 'permission_policy', 'default_config', 'configs'];
const rank = (k: string) => (FIRST.includes(k) ? FIRST.indexOf(k) : FIRST.length);

function tidy(value: unknown, key = ''): unknown {
  // A schema's and the metadata's own order is the author's.
  if (key === 'input_schema' || key === 'metadata') return value;
  if (Array.isArray(value)) return value.map((v) => tidy(v));
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value).sort(([a], [b]) => rank(a) - rank(b) || (rank(a) === FIRST.length ? a.localeCompare(b) : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, tidy(v, k)]));
}

/** The system prompt on its own (a long text reads better as lines), then the rest as JSON. */
function parts(config: AgentConfig): { system: string; rest: string } {
  const { system, ...rest } = config;
  return { system, rest: JSON.stringify(Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, tidy(v, k)])), null, 2) };
}

/** Two configurations of an agent side by side: the system prompt's lines, then everything else. */
export function AgentDiff({ before, after, beforeLabel, afterLabel }: { before: AgentConfig; after: AgentConfig; beforeLabel: ReactNode; afterLabel: ReactNode }) {
  const a = parts(before);
  const b = parts(after);
  if (a.system === b.system && a.rest === b.rest) return <p className="diff-none">No differences.</p>;
  return (
    <div className="agent-diff">
      {a.system !== b.system && (
        <section className="agent-diff-part">
          <h3>System prompt</h3>
          <DiffView label="Changes to the system prompt" before={a.system} after={b.system} beforeLabel={beforeLabel} afterLabel={afterLabel} />
        </section>
      )}
      {a.rest !== b.rest && (
        <section className="agent-diff-part">
          <h3>Configuration</h3>
          <DiffView label="Changes to the configuration" before={a.rest} after={b.rest} beforeLabel={beforeLabel} afterLabel={afterLabel} />
        </section>
      )}
    </div>
  );
}
