import type { ReactNode } from 'react';
import type { Loadable } from '../store.ts';

interface ResourcePanelProps<T> {
  title: string;
  subtitle: string;
  data: Loadable<T>;
  empty: { title: string; hint: ReactNode };
  row: (item: T) => ReactNode;
}

/** A titled list of one kind of resource, with its loading, error and empty states. */
export function ResourcePanel<T>({ title, subtitle, data, empty, row }: ResourcePanelProps<T>) {
  const label = title.toLowerCase();
  return (
    <section className="card panel" aria-label={title}>
      <header className="panel-header">
        <div>
          <h2>{title}</h2>
          <p className="muted">{subtitle}</p>
        </div>
        {data.state === 'ready' && <span className="count">{data.items.length}</span>}
      </header>
      {data.state === 'loading' && <p className="state muted">Loading {label}…</p>}
      {data.state === 'failed' && (
        <p className="state error" role="alert">
          Could not load {label}: {data.error.message}
        </p>
      )}
      {data.state === 'ready' &&
        (data.items.length ? (
          <ul className="rows">{data.items.map(row)}</ul>
        ) : (
          <div className="empty">
            <svg className="empty-icon" viewBox="0 0 40 40" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
              <rect x="6" y="10" width="28" height="22" rx="3" />
              <path d="M6 17h28 M16 10V6h8v4" strokeLinecap="round" />
            </svg>
            <p className="empty-title">{empty.title}</p>
            <p className="muted">{empty.hint}</p>
          </div>
        ))}
    </section>
  );
}
