// `#/environments/new`: the environment editor on a new environment; saving creates it and opens it.
import { LazyScreen } from '../app/LazyScreen.tsx';
import { EnvironmentEditor } from './EnvironmentScreen.tsx';

export function NewEnvironment() {
  return (
    <LazyScreen label="Opening the editor…">
      <EnvironmentEditor env={null} />
    </LazyScreen>
  );
}
