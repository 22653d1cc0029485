import type { ReactNode } from 'react';
import { RelativeTime } from './RelativeTime.tsx';
import { ChevronRight } from 'lucide-react';

export interface Crumb {
  label: ReactNode;
  href?: string;
}

/**
 * The top of every screen: where you are (breadcrumbs), its title and its main actions. The title
 * takes focus after navigation, so keyboard and screen reader users start at the top of the new screen.
 */
export function PageHeader({ title, crumbs, description, actions, meta }: { title: ReactNode; crumbs?: Crumb[]; description?: ReactNode; actions?: ReactNode; meta?: ReactNode }) {
  return (
    <header className="page-header">
      {crumbs && crumbs.length > 0 && (
        <nav aria-label="Breadcrumb" className="crumbs">
          <ol>
            {crumbs.map((c, i) => (
              <li key={i}>
                {c.href ? <a href={c.href}>{c.label}</a> : <span>{c.label}</span>}
                <ChevronRight size={12} aria-hidden="true" />
              </li>
            ))}
          </ol>
        </nav>
      )}
      <div className="page-header-row">
        <div className="page-title-block">
          <h1 className="page-title" tabIndex={-1} data-page-title="">
            {title}
          </h1>
          {meta && <div className="page-meta">{meta}</div>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {description && <p className="page-description">{description}</p>}
    </header>
  );
}

/** A screen's scrolling body under its header. */
export function PageBody({ children, width = 'full' }: { children: ReactNode; width?: 'full' | 'narrow' }) {
  return <div className={`page-body page-body-${width}`}>{children}</div>;
}

/** A titled group of content inside a page (facts, a form section). */
export function Section({ title, description, actions, children }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="section">
      <header className="section-header">
        <div>
          <h2>{title}</h2>
          {description && <p className="section-description">{description}</p>}
        </div>
        {actions && <div className="section-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

/** Label / value pairs (a resource's facts). */
export function Facts({ items }: { items: readonly { label: ReactNode; value: ReactNode }[] }) {
  return (
    <dl className="facts">
      {items.map((f, i) => (
        <div key={i} className="fact">
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** An item's "About" section: its id, when it was made and last changed. */
export function AboutSection({ item }: { item: { id: string; created_at: string; updated_at: string } }) {
  return (
    <Section title="About">
      <Facts
        items={[
          { label: 'Id', value: <code className="inline-code">{item.id}</code> },
          { label: 'Created', value: <RelativeTime iso={item.created_at} /> },
          { label: 'Updated', value: <RelativeTime iso={item.updated_at} /> },
        ]}
      />
    </Section>
  );
}
