// Placeholder for the environment editor's create mode (issue 7, item 4) at `#/environments/new`.
import { EmptyState, EnvironmentIcon, PageBody, PageHeader } from '../ui/index.ts';
import { href } from '../app/routes.ts';

export function NewEnvironment() {
  return (
    <div className="page">
      <PageHeader title="New environment" crumbs={[{ label: 'Environments', href: href.environments() }]} />
      <PageBody>
        <EmptyState icon={EnvironmentIcon} title="The environment editor comes here">
          Until it does, create environments through the API (<code>client.beta.environments.create</code>); they appear in the list at once.
        </EmptyState>
      </PageBody>
    </div>
  );
}
