// Placeholder for the environment editor (issue 7, item 4): its facts and raw configuration until the
// editor replaces this screen at `#/environments/:id`.
import { Facts, PageBody, PageHeader, Section, formatDateTime } from '../ui/index.ts';
import { useEnvironment } from '../data/index.ts';
import { href } from '../app/routes.ts';
import { ResourceGate } from '../app/ResourceGate.tsx';
import { NetworkingBadge, packageSummary } from './EnvironmentsList.tsx';

export function EnvironmentScreen({ id }: { id: string }) {
  const crumbs = [{ label: 'Environments', href: href.environments() }];
  return (
    <ResourceGate loaded={useEnvironment(id)} noun="environment" crumbs={crumbs}>
      {(env) => (
        <div className="page">
          <PageHeader title={env.name} crumbs={crumbs} meta={<NetworkingBadge env={env} />} description={env.description} />
          <PageBody width="narrow">
            <Section title="Environment">
              <Facts
                items={[
                  { label: 'Id', value: <code>{env.id}</code> },
                  { label: 'Packages', value: packageSummary(env) },
                  { label: 'Created', value: formatDateTime(env.created_at) },
                  { label: 'Updated', value: formatDateTime(env.updated_at) },
                ]}
              />
            </Section>
            <Section title="Configuration" description="As the API returns it.">
              <pre className="code-block" tabIndex={0} aria-label="Configuration as JSON">{JSON.stringify(env, null, 2)}</pre>
            </Section>
          </PageBody>
        </div>
      )}
    </ResourceGate>
  );
}
