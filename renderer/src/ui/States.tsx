import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';
import { CircleAlert, RotateCw } from 'lucide-react';
import { Button } from './Button.tsx';

/** Nothing here yet: says what belongs here and offers the first step. */
export function EmptyState({ icon: Icon, title, children, actions }: { icon: LucideIcon; title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="state-block">
      <span className="state-icon" aria-hidden="true">
        <Icon size={20} />
      </span>
      <h2 className="state-title">{title}</h2>
      {children && <div className="state-text">{children}</div>}
      {actions && <div className="state-actions">{actions}</div>}
    </div>
  );
}

/** Something failed: what happened, what to do, and a retry when retrying can help. */
export function ErrorState({ title, message, onRetry, children }: { title: string; message?: ReactNode; onRetry?: () => void; children?: ReactNode }) {
  return (
    <div className="state-block state-error" role="alert">
      <span className="state-icon" aria-hidden="true">
        <CircleAlert size={20} />
      </span>
      <h2 className="state-title">{title}</h2>
      {message && <p className="state-text">{message}</p>}
      {children}
      {onRetry && (
        <div className="state-actions">
          <Button icon={RotateCw} onClick={onRetry}>
            Try again
          </Button>
        </div>
      )}
    </div>
  );
}

/** Waiting for data; announced politely, shown after a beat so fast loads do not flash. */
export function LoadingState({ label }: { label: string }) {
  return (
    <div className="state-block state-loading" role="status" aria-live="polite">
      <span className="spinner spinner-lg" aria-hidden="true" />
      <p className="state-text">{label}</p>
    </div>
  );
}

export function Spinner({ label }: { label?: string }) {
  return <span className="spinner" role={label ? 'status' : undefined} aria-label={label} aria-hidden={label ? undefined : true} />;
}
