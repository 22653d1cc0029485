import type { ReactNode } from 'react';
import { RadioGroup as R } from 'radix-ui';
import type { LucideIcon } from 'lucide-react';

export interface RadioCardOption<V extends string> {
  value: V;
  title: ReactNode;
  description: ReactNode;
  icon?: LucideIcon;
}

/** A choice between a few options that each need a sentence of explanation. Arrow keys move the choice. */
export function RadioCards<V extends string>({ value, onChange, options, label, disabled }: { value: V; onChange: (v: V) => void; options: readonly RadioCardOption<V>[]; label: string; disabled?: boolean }) {
  return (
    <R.Root className="radio-cards" value={value} onValueChange={(v) => onChange(v as V)} aria-label={label} disabled={disabled}>
      {options.map(({ value: v, title, description, icon: Icon }) => (
        <R.Item key={v} value={v} className="radio-card">
          <span className="radio-card-head">
            <span className="radio-card-dot" aria-hidden="true">
              <R.Indicator className="radio-card-dot-on" />
            </span>
            {Icon && <Icon size={16} aria-hidden="true" className="radio-card-icon" />}
            <span className="radio-card-title">{title}</span>
          </span>
          <span className="radio-card-description">{description}</span>
        </R.Item>
      ))}
    </R.Root>
  );
}
