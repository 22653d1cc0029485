// Placeholder for the agent editor (issue 7, item 3): its facts and raw configuration until the
// editor replaces this screen at `#/agents/:id`.
import { Badge, Facts, PageBody, PageHeader, Section, formatDateTime } from '../ui/index.ts';
import { modelName, useAgent } from '../data/index.ts';
import { href } from '../app/routes.ts';
import { ResourceGate } from '../app/ResourceGate.tsx';

export function AgentScreen({ id }: { id: string }) {
  const crumbs = [{ label: 'Agents', href: href.agents() }];
  return (
    <ResourceGate loaded={useAgent(id)} noun="agent" crumbs={crumbs}>
      {(agent) => (
        <div className="page">
          <PageHeader title={agent.name} crumbs={crumbs} meta={<Badge>v{agent.version}</Badge>} description={agent.description} />
          <PageBody width="narrow">
            <Section title="Agent">
              <Facts
                items={[
                  { label: 'Id', value: <code>{agent.id}</code> },
                  { label: 'Model', value: modelName(agent.model.id) },
                  { label: 'Created', value: formatDateTime(agent.created_at) },
                  { label: 'Updated', value: formatDateTime(agent.updated_at) },
                ]}
              />
            </Section>
            <Section title="Configuration" description="As the API returns it.">
              <pre className="code-block" tabIndex={0} aria-label="Configuration as JSON">{JSON.stringify(agent, null, 2)}</pre>
            </Section>
          </PageBody>
        </div>
      )}
    </ResourceGate>
  );
}
