import type { ReactNode } from 'react';
import { CircleAlert, Info, TriangleAlert, type LucideIcon } from 'lucide-react';

const ICONS: Record<'info' | 'warning' | 'danger', LucideIcon> = { info: Info, warning: TriangleAlert, danger: CircleAlert };

/** A message across the top of a page: what is wrong or worth knowing, and what to do about it. */
export function Banner({ tone = 'info', title, children, actions }: { tone?: 'info' | 'warning' | 'danger'; title: ReactNode; children?: ReactNode; actions?: ReactNode }) {
  const Icon = ICONS[tone];
  return (
    <div className={`banner banner-${tone}`} role={tone === 'danger' ? 'alert' : 'status'}>
      <Icon size={16} aria-hidden="true" className="banner-icon" />
      <div className="banner-body">
        <p className="banner-title">{title}</p>
        {children && <div className="banner-text">{children}</div>}
      </div>
      {actions && <div className="banner-actions">{actions}</div>}
    </div>
  );
}
