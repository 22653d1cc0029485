import type { ReactNode } from 'react';
import { DropdownMenu as M } from 'radix-ui';
import { Check } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import { Kbd } from './Badge.tsx';

/** A menu opened from `trigger` (a button). Arrow keys move, typing jumps, Escape closes. */
export function Menu({ trigger, children, align = 'end', label }: { trigger: ReactNode; children: ReactNode; align?: 'start' | 'end'; label?: string }) {
  return (
    <M.Root>
      <M.Trigger asChild>{trigger}</M.Trigger>
      <M.Portal>
        <M.Content className="menu" align={align} sideOffset={4} collisionPadding={8} aria-label={label}>
          {children}
        </M.Content>
      </M.Portal>
    </M.Root>
  );
}

export function MenuItem({ icon: Icon, children, onSelect, shortcut, danger, disabled }: { icon?: LucideIcon; children: ReactNode; onSelect: () => void; shortcut?: string; danger?: boolean; disabled?: boolean }) {
  return (
    <M.Item className={danger ? 'menu-item menu-item-danger' : 'menu-item'} onSelect={onSelect} disabled={disabled}>
      {Icon && <Icon size={14} aria-hidden="true" className="menu-item-icon" />}
      <span className="menu-item-label">{children}</span>
      {shortcut && <Kbd>{shortcut}</Kbd>}
    </M.Item>
  );
}

export const MenuSeparator = () => <M.Separator className="menu-separator" />;
export const MenuLabel = ({ children }: { children: ReactNode }) => <M.Label className="menu-label">{children}</M.Label>;

/** A group of mutually exclusive choices inside a menu (e.g. the theme). */
export function MenuRadioGroup<V extends string>({ value, onChange, options }: { value: V; onChange: (v: V) => void; options: readonly { value: V; label: ReactNode; icon?: LucideIcon }[] }) {
  return (
    <M.RadioGroup value={value} onValueChange={(v) => onChange(v as V)}>
      {options.map(({ value: v, label, icon: Icon }) => (
        <M.RadioItem key={v} value={v} className="menu-item">
          {Icon && <Icon size={14} aria-hidden="true" className="menu-item-icon" />}
          <span className="menu-item-label">{label}</span>
          <M.ItemIndicator className="menu-item-check">
            <Check size={14} aria-hidden="true" />
          </M.ItemIndicator>
        </M.RadioItem>
      ))}
    </M.RadioGroup>
  );
}
