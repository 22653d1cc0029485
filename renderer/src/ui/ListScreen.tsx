import type { ReactNode } from 'react';
import { SearchX } from 'lucide-react';
import { Button } from './Button.tsx';
import { PageHeader } from './Page.tsx';
import { EmptyState, ErrorState, LoadingState } from './States.tsx';

export interface ListScreenProps {
  title: string;
  description?: ReactNode;
  /** The count beside the title, e.g. "250" or "1,000+". */
  count?: ReactNode;
  actions?: ReactNode;
  /** Search and filters. */
  toolbar?: ReactNode;
  /** Above the toolbar (warnings that concern this list). */
  banner?: ReactNode;
  status: 'idle' | 'loading' | 'ready' | 'failed';
  error?: { message: string } | null;
  onRetry: () => void;
  /** How many items exist (before search/filters) and how many are shown. */
  total: number;
  shown: number;
  /** Shown when there is nothing at all (first launch). */
  empty: ReactNode;
  onClearFilters: () => void;
  /** Whether a search or filter is set (the toolbar stays even when nothing matches). */
  filtered?: boolean;
  children: ReactNode;
}

/** A list screen: header, toolbar, then the table or the state that replaces it (loading, failed, empty, no match). */
export function ListScreen({ title, description, count, actions, toolbar, banner, status, error, onRetry, total, shown, empty, onClearFilters, filtered, children }: ListScreenProps) {
  let body: ReactNode;
  if (status === 'failed') body = <ErrorState title={`Could not load ${title.toLowerCase()}`} message={error?.message} onRetry={onRetry} />;
  else if (status !== 'ready') body = <LoadingState label={`Loading ${title.toLowerCase()}…`} />;
  else if (total === 0) body = empty;
  else if (shown === 0)
    body = (
      <EmptyState icon={SearchX} title={`No ${title.toLowerCase()} match`} actions={<Button onClick={onClearFilters}>Clear search and filters</Button>}>
        Nothing among {total} {title.toLowerCase()} matches the search and filters.
      </EmptyState>
    );
  else body = children;
  return (
    <div className="page">
      <PageHeader title={title} meta={count} actions={actions} description={description} />
      {banner}
      {toolbar && (total > 0 || filtered) && (
        <div className="toolbar" role="search" aria-label={`Search and filter ${title.toLowerCase()}`}>
          {toolbar}
        </div>
      )}
      {error && status === 'ready' && (
        <p className="toolbar-note list-warning" role="status">
          Some {title.toLowerCase()} could not be loaded: {error.message}
        </p>
      )}
      {body}
    </div>
  );
}

/** "250 agents", "12 of 250", "1,000+ (loading)". */
export function CountBadge({ total, shown, filtered, complete, noun }: { total: number; shown: number; filtered: boolean; complete: boolean; noun: string }) {
  const all = `${total.toLocaleString()}${complete ? '' : '+'}`;
  return (
    <span className="count-badge tabular" role="status" aria-live="polite">
      {filtered ? `${shown.toLocaleString()} of ${all}` : `${all} ${total === 1 && complete ? noun : `${noun}s`}`}
      {!complete && (
        <>
          <span className="spinner" aria-hidden="true" />
          <span className="visually-hidden">loading more</span>
        </>
      )}
    </span>
  );
}
