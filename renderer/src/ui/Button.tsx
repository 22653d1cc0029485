import { forwardRef, type ButtonHTMLAttributes, type ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';
import { Tooltip } from './Tooltip.tsx';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'sm' | 'md';
  icon?: LucideIcon;
  /** Shows a spinner and disables the button while an action runs. */
  busy?: boolean;
  children?: ReactNode;
}

/** The one button. `type` defaults to "button" so nothing submits a form by accident. */
export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = 'secondary', size = 'md', icon: Icon, busy, disabled, className, children, type = 'button', ...rest },
  ref,
) {
  return (
    <button
      ref={ref}
      type={type}
      className={['btn', `btn-${variant}`, size === 'sm' && 'btn-sm', className].filter(Boolean).join(' ')}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : Icon && <Icon size={size === 'sm' ? 14 : 16} aria-hidden="true" />}
      {children}
    </button>
  );
});

export interface IconButtonProps extends Omit<ButtonProps, 'children' | 'icon'> {
  icon: LucideIcon;
  /** The accessible name, also shown as a tooltip. */
  label: string;
  /** A shortcut shown in the tooltip, e.g. "Ctrl K". */
  shortcut?: string;
}

/** A button that is only an icon: named for assistive technology and explained on hover/focus. */
export const IconButton = forwardRef<HTMLButtonElement, IconButtonProps>(function IconButton({ icon: Icon, label, shortcut, variant = 'ghost', size = 'md', className, ...rest }, ref) {
  return (
    <Tooltip content={label} shortcut={shortcut}>
      <Button ref={ref} variant={variant} size={size} aria-label={label} className={['btn-icon', className].filter(Boolean).join(' ')} {...rest}>
        <Icon size={size === 'sm' ? 14 : 16} aria-hidden="true" />
      </Button>
    </Tooltip>
  );
});
