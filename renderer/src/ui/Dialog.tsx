import type { ReactNode } from 'react';
import { AlertDialog as A, Dialog as D } from 'radix-ui';
import { X } from 'lucide-react';
import { Button } from './Button.tsx';

export interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  /** One sentence under the title: what this dialog does. */
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons, right-aligned at the bottom. */
  footer?: ReactNode;
  width?: 'sm' | 'md' | 'lg';
  /** Called as the dialog closes; preventDefault() keeps focus from returning to the trigger (e.g. after navigating). */
  onCloseAutoFocus?: (event: Event) => void;
}

/** A modal dialog: focus trapped inside, Escape closes, focus returns to what opened it. */
export function Dialog({ open, onOpenChange, title, description, children, footer, width = 'md', onCloseAutoFocus }: DialogProps) {
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      <D.Portal>
        <D.Overlay className="scrim" />
        <D.Content className={`dialog dialog-${width}`} onCloseAutoFocus={onCloseAutoFocus}>
          <header className="dialog-header">
            <D.Title className="dialog-title">{title}</D.Title>
          </header>
          {description ? <D.Description className="dialog-description">{description}</D.Description> : <D.Description className="visually-hidden">{title}</D.Description>}
          {children && <div className="dialog-body">{children}</div>}
          {footer && <footer className="dialog-footer">{footer}</footer>}
          {/* Last in the focus order (the first field gets the initial focus), shown top right. */}
          <D.Close asChild>
            <button type="button" className="btn btn-ghost btn-icon btn-sm dialog-close" aria-label="Close">
              <X size={14} aria-hidden="true" />
            </button>
          </D.Close>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}

export interface ConfirmProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  /** What will happen, in plain words, and whether it can be undone. */
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  /** A destructive action gets the danger colour. */
  danger?: boolean;
  busy?: boolean;
}

/** Asks before something that cannot be undone (archive, delete). Cancel has the initial focus. */
export function ConfirmDialog({ open, onOpenChange, title, description, confirmLabel, onConfirm, danger, busy }: ConfirmProps) {
  return (
    <A.Root open={open} onOpenChange={onOpenChange}>
      <A.Portal>
        <A.Overlay className="scrim" />
        <A.Content className="dialog dialog-sm">
          <header className="dialog-header">
            <A.Title className="dialog-title">{title}</A.Title>
          </header>
          <A.Description className="dialog-description">{description}</A.Description>
          <footer className="dialog-footer">
            <A.Cancel asChild>
              <Button>Cancel</Button>
            </A.Cancel>
            <Button
              variant={danger ? 'danger' : 'primary'}
              busy={busy}
              onClick={(e) => {
                e.preventDefault();
                onConfirm();
              }}
            >
              {confirmLabel}
            </Button>
          </footer>
        </A.Content>
      </A.Portal>
    </A.Root>
  );
}
