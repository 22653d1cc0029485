import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Popover } from 'radix-ui';
import { Check, ChevronDown } from 'lucide-react';
import { useFieldProps } from './Field.tsx';

export interface ComboOption {
  value: string;
  label: string;
  /** A second line (an id, a model) shown under the label and searched too. */
  description?: string;
}

export interface ComboboxProps {
  value: string;
  onChange: (value: string) => void;
  options: readonly ComboOption[];
  placeholder?: string;
  /** Accept any typed value (e.g. a model id not in the list). */
  allowCustom?: boolean;
  /** The accessible name when not inside a Field. */
  label?: string;
  /** Rows shown at most; the search narrows long lists. */
  limit?: number;
  disabled?: boolean;
}

/**
 * Pick one value from a long list by typing (agents, environments, models). Arrow keys move, Enter
 * picks, Escape closes. With `allowCustom` whatever is typed is the value.
 */
export function Combobox({ value, onChange, options, placeholder, allowCustom, label, limit = 50, disabled }: ComboboxProps) {
  const field = useFieldProps();
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const selected = options.find((o) => o.value === value);
  const shownText = text ?? (selected?.label ?? value);

  const matches = useMemo(() => {
    const q = (text ?? '').trim().toLowerCase();
    const out: ComboOption[] = [];
    for (const o of options) {
      if (!q || o.label.toLowerCase().includes(q) || o.value.toLowerCase().includes(q) || o.description?.toLowerCase().includes(q)) out.push(o);
      if (out.length === limit) break;
    }
    return out;
  }, [options, text, limit]);

  // With free text, nothing is highlighted until the arrows move: Enter then keeps what was typed.
  const current = Math.min(active, matches.length - 1);
  const pick = (o: ComboOption) => {
    onChange(o.value);
    setText(null);
    setOpen(false);
  };
  const commitText = () => {
    if (text === null) return;
    if (allowCustom && text.trim()) onChange(text.trim());
    setText(null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) return setOpen(true);
      const n = matches.length;
      if (n) setActive(current < 0 ? (e.key === 'ArrowDown' ? 0 : n - 1) : (current + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    } else if (e.key === 'Enter' && open) {
      e.preventDefault();
      if (matches[current]) pick(matches[current]!);
      else commitText();
      setOpen(false);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      setText(null);
      setOpen(false);
    }
  };

  const optionId = (i: number) => `${listId}-${i}`;
  return (
    <Popover.Root open={open && !disabled} onOpenChange={setOpen}>
      <Popover.Anchor asChild>
        <div className="combobox">
          <input
            ref={inputRef}
            className="input combobox-input"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={listId}
            aria-activedescendant={open && current >= 0 && matches[current] ? optionId(current) : undefined}
            aria-label={label}
            placeholder={placeholder}
            value={shownText}
            disabled={disabled}
            autoComplete="off"
            spellCheck={false}
            {...field}
            onChange={(e) => (setText(e.target.value), setActive(allowCustom ? -1 : 0), setOpen(true))}
            onFocus={(e) => e.target.select()}
            onBlur={() => {
              commitText();
              setOpen(false);
            }}
            onKeyDown={onKeyDown}
            onClick={() => setOpen(true)}
          />
          <ChevronDown size={14} aria-hidden="true" className="combobox-icon" />
        </div>
      </Popover.Anchor>
      <Popover.Portal>
        <Popover.Content
          className="menu combobox-content"
          align="start"
          sideOffset={4}
          collisionPadding={8}
          onOpenAutoFocus={(e) => e.preventDefault()}
          onCloseAutoFocus={(e) => e.preventDefault()}
          onInteractOutside={(e) => e.target === inputRef.current && e.preventDefault()}
        >
          <div id={listId} role="listbox" aria-label={label ?? 'Options'}>
            {matches.map((o, i) => (
              <div
                key={o.value}
                id={optionId(i)}
                role="option"
                aria-selected={o.value === value}
                data-highlighted={i === current || undefined}
                className="menu-item"
                onMouseDown={(e) => e.preventDefault()}
                onMouseMove={() => i !== current && setActive(i)}
                onClick={() => pick(o)}
              >
                <span className="menu-item-label">{o.label}</span>
                {o.description && <span className="menu-item-description">{o.description}</span>}
                {o.value === value && (
                  <span className="menu-item-check">
                    <Check size={14} aria-hidden="true" />
                  </span>
                )}
              </div>
            ))}
            {matches.length === 0 && <div className="menu-empty">{allowCustom && text ? `Use “${text.trim()}”` : 'Nothing matches'}</div>}
          </div>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
