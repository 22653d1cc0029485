import type { Agent, Environment } from '../store.ts';

const date = (iso: string) => new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function Meta({ id, created }: { id: string; created: string }) {
  return (
    <span className="row-meta">
      <code>{id}</code>
      <span title={created}>created {date(created)}</span>
    </span>
  );
}

export function AgentRow({ agent }: { agent: Agent }) {
  return (
    <li className="row">
      <div className="row-main">
        <span className="row-title">{agent.name}</span>
        {agent.description && <span className="row-desc">{agent.description}</span>}
        <Meta id={agent.id} created={agent.created_at} />
      </div>
      <div className="chips">
        <span className="chip accent">{agent.model.id}</span>
        <span className="chip">v{agent.version}</span>
        <span className="chip">{plural(agent.tools.length, 'tool')}</span>
      </div>
    </li>
  );
}

function describeConfig(config: Environment['config']): string[] {
  if (config.type !== 'cloud') return ['self-hosted'];
  const packages = Object.entries(config.packages).reduce((n, [k, v]) => n + (k !== 'type' && Array.isArray(v) ? v.length : 0), 0);
  return [config.networking.type === 'limited' ? 'limited network' : 'open network', plural(packages, 'package')];
}

export function EnvironmentRow({ env }: { env: Environment }) {
  const [network, packages] = describeConfig(env.config);
  return (
    <li className="row">
      <div className="row-main">
        <span className="row-title">{env.name}</span>
        {env.description && <span className="row-desc">{env.description}</span>}
        <Meta id={env.id} created={env.created_at} />
      </div>
      <div className="chips">
        <span className="chip accent">{network}</span>
        {packages && <span className="chip">{packages}</span>}
      </div>
    </li>
  );
}
