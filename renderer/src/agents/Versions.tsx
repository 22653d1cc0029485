import { useMemo, useState } from 'react';
import { ErrorState, LoadingState, Select, formatDateTime, formatRelative } from '../ui/index.ts';
import { useAgentVersions, type Agent } from '../data/index.ts';
import { AgentDiff } from './AgentDiff.tsx';
import { canonical, configOf, type AgentConfig } from './draft.ts';

const FIELDS: { key: keyof AgentConfig; label: string }[] = [
  { key: 'name', label: 'name' },
  { key: 'description', label: 'description' },
  { key: 'model', label: 'model' },
  { key: 'system', label: 'system prompt' },
  { key: 'tools', label: 'tools' },
  { key: 'mcp_servers', label: 'MCP servers' },
  { key: 'skills', label: 'skills' },
  { key: 'metadata', label: 'metadata' },
];

/** What changed from one version to the next, in a few words. */
function changed(before: AgentConfig | undefined, after: AgentConfig): string {
  if (!before) return 'created';
  const fields = FIELDS.filter((f) => canonical(before[f.key]) !== canonical(after[f.key])).map((f) => f.label);
  return fields.length ? `changed ${fields.join(', ')}` : 'no change to the configuration';
}

/** Every version of the agent, and a side-by-side diff of any two. */
export function Versions({ agent }: { agent: Agent }) {
  const { versions, status, error } = useAgentVersions(agent.id, agent.version);
  const [picked, setPicked] = useState<{ from: number; to: number } | null>(null);
  const configs = useMemo(() => new Map(versions.map((v) => [v.version, configOf(v)])), [versions]);
  if (status === 'failed') return <ErrorState title="Could not load the versions" message={error?.message} />;
  if (!versions.length) return <LoadingState label="Loading versions…" />;

  const latest = versions[0]!.version;
  const to = picked?.to ?? latest;
  const from = picked?.from ?? Math.max(1, to - 1);
  const options = versions.map((v) => ({ value: String(v.version), label: `v${v.version}${v.version === latest ? ' (latest)' : ''}`, description: formatDateTime(v.updated_at) }));
  const before = configs.get(from);
  const after = configs.get(to);
  return (
    <div className="versions">
      <ol className="version-list" aria-label="Versions, newest first">
        {versions.map((v) => (
          <li key={v.version}>
            <button
              type="button"
              className="version-item"
              aria-current={v.version === to ? 'true' : undefined}
              onClick={() => setPicked({ from: Math.max(1, v.version - 1), to: v.version })}
            >
              <span className="version-head">
                <span className="version-number tabular">v{v.version}</span>
                <span className="muted" title={formatDateTime(v.updated_at)}>
                  {formatRelative(v.updated_at)}
                </span>
              </span>
              <span className="version-summary">{changed(configs.get(v.version - 1), configs.get(v.version)!)}</span>
            </button>
          </li>
        ))}
      </ol>
      <div className="version-compare">
        <div className="inline-controls" role="group" aria-label="Versions to compare">
          <span className="muted">Compare</span>
          <Select size="sm" label="Older version" value={String(from)} onChange={(v) => setPicked({ from: Number(v), to })} options={options} />
          <span className="muted" aria-hidden="true">
            →
          </span>
          <Select size="sm" label="Newer version" value={String(to)} onChange={(v) => setPicked({ from, to: Number(v) })} options={options} />
        </div>
        {before && after ? (
          from === to ? (
            <p className="diff-none">Pick two different versions to compare.</p>
          ) : (
            <AgentDiff before={before} after={after} beforeLabel={`v${from}`} afterLabel={`v${to}`} />
          )
        ) : (
          <p className="muted">{versions.length === 1 ? 'This is the first version: there is nothing to compare yet.' : 'Loading…'}</p>
        )}
      </div>
    </div>
  );
}
