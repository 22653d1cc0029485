import type { ReactNode } from 'react';
import { Progress as P } from 'radix-ui';

/**
 * A progress bar with its label and percentage. `value` null is indeterminate (work has started
 * but its size is unknown).
 */
export function ProgressBar({ value, label, detail, tone = 'accent' }: { value: number | null; label: ReactNode; detail?: ReactNode; tone?: 'accent' | 'success' | 'danger' }) {
  const pct = value === null ? null : Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div className={`progress progress-${tone}`}>
      <div className="progress-head">
        <span className="progress-label">{label}</span>
        {pct !== null && <span className="progress-value tabular">{pct}%</span>}
      </div>
      <P.Root className="progress-track" value={pct} max={100} aria-label={typeof label === 'string' ? label : undefined}>
        <P.Indicator className={pct === null ? 'progress-bar indeterminate' : 'progress-bar'} style={pct === null ? undefined : { transform: `translateX(-${100 - pct}%)` }} />
      </P.Root>
      {detail && <p className="progress-detail truncate">{detail}</p>}
    </div>
  );
}
