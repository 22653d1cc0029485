import type { ReactNode } from 'react';
import { Select as S } from 'radix-ui';
import { Check, ChevronDown } from 'lucide-react';
import { useFieldProps } from './Field.tsx';
import { CSP_NONCE } from './nonce.ts';

export interface SelectOption<V extends string> {
  value: V;
  label: ReactNode;
  /** Shown under the label in the open list. */
  description?: ReactNode;
  disabled?: boolean;
}

export interface SelectProps<V extends string> {
  value: V | undefined;
  onChange: (value: V) => void;
  options: readonly SelectOption<V>[];
  placeholder?: string;
  /** The accessible name when the select is not inside a Field. */
  label?: string;
  size?: 'sm' | 'md';
  disabled?: boolean;
}

/** A single choice from a short list (use a combobox for long or free-form ones). */
export function Select<V extends string>({ value, onChange, options, placeholder, label, size = 'md', disabled }: SelectProps<V>) {
  const field = useFieldProps();
  return (
    <S.Root value={value} onValueChange={(v) => onChange(v as V)} disabled={disabled}>
      <S.Trigger className={size === 'sm' ? 'select-trigger select-sm' : 'select-trigger'} aria-label={label} {...field}>
        <S.Value placeholder={placeholder} />
        <S.Icon className="select-icon">
          <ChevronDown size={14} aria-hidden="true" />
        </S.Icon>
      </S.Trigger>
      <S.Portal>
        <S.Content className="menu select-content" position="popper" sideOffset={4} collisionPadding={8}>
          <S.Viewport nonce={CSP_NONCE}>
            {options.map((o) => (
              <S.Item key={o.value} value={o.value} className="menu-item select-item" disabled={o.disabled}>
                <S.ItemText>{o.label}</S.ItemText>
                {o.description && <span className="menu-item-description">{o.description}</span>}
                <S.ItemIndicator className="menu-item-check">
                  <Check size={14} aria-hidden="true" />
                </S.ItemIndicator>
              </S.Item>
            ))}
          </S.Viewport>
        </S.Content>
      </S.Portal>
    </S.Root>
  );
}
