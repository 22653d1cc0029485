// `#/environments/new`: the environment editor on a new environment; saving creates it and opens it.
import { Suspense } from 'react';
import { LoadingState } from '../ui/index.ts';
import { EnvironmentEditor } from './EnvironmentScreen.tsx';

export function NewEnvironment() {
  return (
    <Suspense fallback={<LoadingState label="Opening the editor…" />}>
      <EnvironmentEditor env={null} />
    </Suspense>
  );
}
