import { createContext, forwardRef, useContext, useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { CircleAlert, Search } from 'lucide-react';

interface FieldIds {
  id: string;
  describedBy?: string;
  invalid: boolean;
  required?: boolean;
}
const FieldContext = createContext<FieldIds | null>(null);

/** The control inside a Field gets its id, description and error state from here. */
export function useFieldProps(): { id?: string; 'aria-describedby'?: string; 'aria-invalid'?: true; 'aria-required'?: true } {
  const f = useContext(FieldContext);
  if (!f) return {};
  return { id: f.id, 'aria-describedby': f.describedBy, 'aria-invalid': f.invalid || undefined, 'aria-required': f.required || undefined };
}

export interface FieldProps {
  label: ReactNode;
  /** A sentence under the control that says what goes in it. */
  hint?: ReactNode;
  /** What is wrong with the value and how to fix it; replaces nothing, shown under the hint. */
  error?: ReactNode;
  required?: boolean;
  /** Where the label sits: above (forms) or beside (settings rows). */
  layout?: 'stacked' | 'inline';
  children: ReactNode;
}

/** A labelled form control with its hint and error, wired for assistive technology. */
export function Field({ label, hint, error, required, layout = 'stacked', children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <FieldContext.Provider value={{ id, describedBy, invalid: Boolean(error), required }}>
      <div className={`field field-${layout}`}>
        <label className="field-label" htmlFor={id}>
          {label}
          {required && (
            <span className="field-required" aria-hidden="true">
              {' '}
              *
            </span>
          )}
        </label>
        <div className="field-control">
          {children}
          {hint && (
            <p className="field-hint" id={hintId}>
              {hint}
            </p>
          )}
          {error && (
            <p className="field-error" id={errorId}>
              <CircleAlert size={14} aria-hidden="true" />
              <span>{error}</span>
            </p>
          )}
        </div>
      </div>
    </FieldContext.Provider>
  );
}

export const TextInput = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(function TextInput({ className, ...rest }, ref) {
  return <input ref={ref} type="text" className={['input', className].filter(Boolean).join(' ')} {...useFieldProps()} {...rest} />;
});

export const TextArea = forwardRef<HTMLTextAreaElement, TextareaHTMLAttributes<HTMLTextAreaElement>>(function TextArea({ className, ...rest }, ref) {
  return <textarea ref={ref} className={['input textarea', className].filter(Boolean).join(' ')} {...useFieldProps()} {...rest} />;
});

/** A search box with its icon; `label` is its accessible name (it has no visible label), `shortcut` the key that focuses it. */
export const SearchInput = forwardRef<HTMLInputElement, Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { label: string; shortcut?: string }>(function SearchInput(
  { label, shortcut, className, ...rest },
  ref,
) {
  return (
    <div className={['search', className].filter(Boolean).join(' ')}>
      <Search size={14} aria-hidden="true" className="search-icon" />
      <input ref={ref} type="search" className="input search-input" aria-label={label} aria-keyshortcuts={shortcut} autoComplete="off" spellCheck={false} {...rest} />
      {shortcut && !rest.value && (
        <kbd className="kbd search-kbd" aria-hidden="true">
          {shortcut}
        </kbd>
      )}
    </div>
  );
});
