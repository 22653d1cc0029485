import { useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { CircleAlert, X } from 'lucide-react';
import { useFieldProps } from './Field.tsx';

export interface ChipInputProps {
  values: readonly string[];
  onChange: (values: string[]) => void;
  /** The accessible name of the list and its text box, e.g. "apt packages". */
  label: string;
  /** Why a value cannot be added, or null when it can. */
  validate?: (value: string) => string | null;
  placeholder?: string;
  disabled?: boolean;
}

/**
 * A list of short values (package names, host names) typed one at a time: Enter, a comma or a space
 * adds what is typed, Backspace in the empty box takes the last one back for editing, and a pasted
 * list is split. A value that would be refused stays in the box with the reason under it.
 */
export function ChipInput({ values, onChange, label, validate, placeholder, disabled }: ChipInputProps) {
  const field = useFieldProps();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const errorId = `${field.id ?? label}-chip-error`;

  /** Adds the given values; returns what could not be added (kept in the box). */
  const add = (items: string[]): string => {
    const next = [...values];
    const rejected: string[] = [];
    let why: string | null = null;
    for (const item of items.map((s) => s.trim()).filter(Boolean)) {
      const problem = next.includes(item) ? `${item} is already in the list` : (validate?.(item) ?? null);
      if (problem) (rejected.push(item), (why ??= problem));
      else next.push(item);
    }
    if (next.length !== values.length) onChange(next);
    setError(why);
    return rejected.join(' ');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if ((e.key === 'Enter' || e.key === ',' || e.key === ' ') && text.trim()) {
      e.preventDefault();
      setText(add([text]));
    } else if (e.key === 'Enter') {
      // An empty box: Enter does nothing here (it never submits the page's form by accident).
      e.preventDefault();
    } else if (e.key === 'Backspace' && !text && values.length) {
      e.preventDefault();
      setText(values.at(-1)!);
      onChange(values.slice(0, -1));
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLInputElement>) => {
    const pasted = e.clipboardData.getData('text');
    if (!/[\s,]/.test(pasted.trim())) return;
    e.preventDefault();
    setText(add(pasted.split(/[\s,]+/)));
  };

  const describedBy = [field['aria-describedby'], error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="chip-field">
      <div className={['chip-input', disabled && 'chip-input-disabled', (error || field['aria-invalid']) && 'chip-input-invalid'].filter(Boolean).join(' ')}>
        {values.length > 0 && (
          <ul className="chip-list" aria-label={label}>
            {values.map((v) => {
              const problem = validate?.(v);
              return (
                <li key={v} className={problem ? 'chip chip-invalid' : 'chip'} title={problem ?? undefined}>
                  <span className="chip-text">{v}</span>
                  {problem && <span className="visually-hidden">: {problem}</span>}
                  {!disabled && (
                    <button type="button" className="chip-remove" aria-label={`Remove ${v}`} onClick={() => onChange(values.filter((x) => x !== v))}>
                      <X size={12} aria-hidden="true" />
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        <input
          className="chip-text-input"
          {...field}
          aria-label={label}
          aria-describedby={describedBy}
          aria-invalid={error ? true : field['aria-invalid']}
          value={text}
          placeholder={values.length ? undefined : placeholder}
          disabled={disabled}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => (setText(e.target.value), error && setError(null))}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={() => text.trim() && setText(add([text]))}
        />
      </div>
      {error && (
        <p className="field-error" id={errorId} role="alert">
          <CircleAlert size={14} aria-hidden="true" />
          <span>{error}</span>
        </p>
      )}
    </div>
  );
}
