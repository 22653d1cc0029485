import type { ReactNode } from 'react';
import { Tabs as T } from 'radix-ui';

export interface TabItem<V extends string> {
  value: V;
  label: ReactNode;
  content: ReactNode;
}

/** Tabs: arrow keys move between tabs, Tab moves into the panel. */
export function Tabs<V extends string>({ value, onChange, items, label }: { value: V; onChange: (v: V) => void; items: readonly TabItem<V>[]; label: string }) {
  return (
    <T.Root className="tabs" value={value} onValueChange={(v) => onChange(v as V)}>
      <T.List className="tabs-list" aria-label={label}>
        {items.map((t) => (
          <T.Trigger key={t.value} value={t.value} className="tabs-trigger">
            {t.label}
          </T.Trigger>
        ))}
      </T.List>
      {items.map((t) => (
        <T.Content key={t.value} value={t.value} className="tabs-content">
          {t.content}
        </T.Content>
      ))}
    </T.Root>
  );
}
