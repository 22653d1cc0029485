// `#/environments/:id`: the environment editor on a saved environment, loaded on first use.
import { lazy } from 'react';
import { LazyScreen } from '../app/LazyScreen.tsx';
import { useEnvironment } from '../data/index.ts';
import { href } from '../app/routes.ts';
import { ResourceGate } from '../app/ResourceGate.tsx';
// Loaded with the app, not with the editor: its listener must be in place before the router's.
import '../app/leave-guard.ts';

export const EnvironmentEditor = lazy(() => import('./EnvironmentEditor.tsx').then((m) => ({ default: m.EnvironmentEditor })));

export function EnvironmentScreen({ id }: { id: string }) {
  return (
    <ResourceGate loaded={useEnvironment(id)} noun="environment" crumbs={[{ label: 'Environments', href: href.environments() }]}>
      {(env) => (
        <LazyScreen label="Opening the editor…">
          <EnvironmentEditor env={env} />
        </LazyScreen>
      )}
    </ResourceGate>
  );
}
