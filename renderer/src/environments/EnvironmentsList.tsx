import { Badge, EnvironmentIcon, RelativeTime, type Column } from '../ui/index.ts';
import { useEnvironments, type Environment } from '../data/index.ts';
import { href, navigate } from '../app/routes.ts';
import { ResourceList } from '../app/ResourceList.tsx';
import { SystemBanners } from '../app/SystemBanners.tsx';

type Networking = 'unrestricted' | 'limited' | 'self_hosted';
const networkingOf = (e: Environment): Networking => (e.config.type === 'cloud' ? e.config.networking.type : 'self_hosted');

const MANAGERS = ['apt', 'pip', 'npm', 'cargo', 'gem', 'go'] as const;

/** "apt 2 · pip 3", or "none". */
export function packageSummary(e: Environment): string {
  if (e.config.type !== 'cloud') return '—';
  const p = e.config.packages;
  const parts = MANAGERS.filter((m) => p[m]?.length).map((m) => `${m} ${p[m]!.length}`);
  return parts.length ? parts.join(' · ') : 'none';
}

export function NetworkingBadge({ env }: { env: Environment }) {
  const n = networkingOf(env);
  if (n === 'limited') return <Badge tone="success">Limited</Badge>;
  if (n === 'unrestricted') return <Badge tone="warning">Unrestricted</Badge>;
  return <Badge>Self-hosted</Badge>;
}

const COLUMNS: Column<Environment>[] = [
  { id: 'network', header: 'Networking', width: 112, cell: (e) => <NetworkingBadge env={e} /> },
  { id: 'packages', header: 'Packages', width: 128, grow: 1, cell: (e) => <span className="muted truncate">{packageSummary(e)}</span> },
  { id: 'id', header: 'Id', width: 200, grow: 1, cell: (e) => <code className="muted truncate">{e.id}</code>, drop: 2 },
  { id: 'updated', header: 'Updated', width: 96, cell: (e) => <RelativeTime iso={e.updated_at} />, drop: 1 },
];

const NETWORK_OPTIONS = [
  { value: 'limited', label: 'Limited' },
  { value: 'unrestricted', label: 'Unrestricted' },
];

/** Environments: every sandbox template, live, searchable, filterable by networking and archived. */
export function EnvironmentsList() {
  return (
    <ResourceList
      list={useEnvironments()}
      banner={<SystemBanners topics={['docker']} />}
      title="Environments"
      noun="environment"
      onNew={() => navigate(href.newEnvironment())}
      searchIn={(e) => [e.name, e.id, e.description]}
      searchPlaceholder="Search by name, id or description"
      filter={{ param: 'network', label: 'Networking', anyLabel: 'Any networking', options: NETWORK_OPTIONS, test: (e, network) => networkingOf(e) === network }}
      archivable
      empty={{
        icon: EnvironmentIcon,
        title: 'No environments yet',
        text: <>An environment is a sandbox template: the packages installed in it and what its network may reach. Sessions run their agent&rsquo;s tools inside one.</>,
      }}
      name={(e) => e.name}
      sub={(e) => e.description || 'No description'}
      href={(e) => href.environment(e.id)}
      columns={COLUMNS}
    />
  );
}
