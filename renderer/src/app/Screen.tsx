import { FileQuestion } from 'lucide-react';
import { Button, EmptyState, PageBody, PageHeader } from '../ui/index.ts';
import { AgentScreen } from '../agents/AgentScreen.tsx';
import { AgentsList } from '../agents/AgentsList.tsx';
import { NewAgent } from '../agents/NewAgent.tsx';
import { EnvironmentScreen } from '../environments/EnvironmentScreen.tsx';
import { EnvironmentsList } from '../environments/EnvironmentsList.tsx';
import { NewEnvironment } from '../environments/NewEnvironment.tsx';
import { SessionScreen } from '../sessions/SessionScreen.tsx';
import { SessionsList } from '../sessions/SessionsList.tsx';
import { Settings } from '../settings/Settings.tsx';
import { UsageScreen } from '../usage/UsageScreen.tsx';
import { VaultScreen } from '../vaults/VaultScreen.tsx';
import { VaultsList } from '../vaults/VaultsList.tsx';
import { SkillScreen } from '../skills/SkillScreen.tsx';
import { SkillsList } from '../skills/SkillsList.tsx';
import { href, navigate, type Route } from './routes.ts';

/** The screen for a route. Item screens are keyed by id, so opening another item starts fresh. */
export function Screen({ route, onNewSession }: { route: Route; onNewSession: () => void }) {
  switch (route.screen) {
    case 'agents':
      return <AgentsList />;
    case 'agent-new':
      return <NewAgent />;
    case 'agent':
      return <AgentScreen key={route.id} id={route.id} />;
    case 'environments':
      return <EnvironmentsList />;
    case 'environment-new':
      return <NewEnvironment />;
    case 'environment':
      return <EnvironmentScreen key={route.id} id={route.id} />;
    case 'sessions':
      return <SessionsList onNewSession={onNewSession} />;
    case 'session':
      return <SessionScreen key={route.id} id={route.id} />;
    case 'usage':
      return <UsageScreen />;
    case 'vaults':
      return <VaultsList />;
    case 'vault':
      return <VaultScreen key={route.id} id={route.id} />;
    case 'skills':
      return <SkillsList />;
    case 'skill':
      return <SkillScreen key={route.id} id={route.id} />;
    case 'settings':
      return <Settings />;
    case 'not-found':
      return (
        <div className="page">
          <PageHeader title="Nothing here" />
          <PageBody>
            <EmptyState icon={FileQuestion} title={`No screen at #${route.path}`} actions={<Button onClick={() => navigate(href.agents())}>Go to Agents</Button>}>
              The address may be mistyped, or come from a newer Dockhand.
            </EmptyState>
          </PageBody>
        </div>
      );
  }
}
