// Placeholder for the agent editor's create mode (issue 7, item 3) at `#/agents/new`.
import { EmptyState, PageBody, PageHeader, AgentIcon } from '../ui/index.ts';
import { href } from '../app/routes.ts';

export function NewAgent() {
  return (
    <div className="page">
      <PageHeader title="New agent" crumbs={[{ label: 'Agents', href: href.agents() }]} />
      <PageBody>
        <EmptyState icon={AgentIcon} title="The agent editor comes here">
          Until it does, create agents through the API (<code>client.beta.agents.create</code>); they appear in the list at once.
        </EmptyState>
      </PageBody>
    </div>
  );
}
