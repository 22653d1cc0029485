import type { ReactNode } from 'react';
import { ErrorState, LoadingState, PageBody, PageHeader, type Crumb } from '../ui/index.ts';
import type { Loaded } from '../data/index.ts';

/** Shows a screen for one resource once it is loaded; says so plainly when it is not there. */
export function ResourceGate<T>({ loaded, noun, crumbs, children }: { loaded: Loaded<T>; noun: string; crumbs: Crumb[]; children: (item: T) => ReactNode }) {
  if (loaded.state === 'ready') return <>{children(loaded.item)}</>;
  return (
    <div className="page">
      <PageHeader title={loaded.state === 'loading' ? `Loading ${noun}…` : `${noun[0]!.toUpperCase()}${noun.slice(1)} not found`} crumbs={crumbs} />
      <PageBody>
        {loaded.state === 'loading' ? (
          <LoadingState label={`Loading ${noun}…`} />
        ) : (
          <ErrorState title={loaded.error.status === 404 ? `There is no such ${noun}` : `Could not load the ${noun}`} message={loaded.error.message}>
            <p className="state-text">
              <a href={crumbs[0]?.href}>Back to the list</a>
            </p>
          </ErrorState>
        )}
      </PageBody>
    </div>
  );
}
