import { useId, type ReactNode } from 'react';
import { Switch as S } from 'radix-ui';

/** An on/off setting with its label (clicking the label toggles it). */
export function Switch({ checked, onChange, label, disabled }: { checked: boolean; onChange: (on: boolean) => void; label: ReactNode; disabled?: boolean }) {
  const id = useId();
  return (
    <span className="switch-field">
      <S.Root id={id} className="switch" checked={checked} onCheckedChange={onChange} disabled={disabled}>
        <S.Thumb className="switch-thumb" />
      </S.Root>
      <label htmlFor={id}>{label}</label>
    </span>
  );
}
