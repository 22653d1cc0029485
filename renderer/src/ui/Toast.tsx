import type { ReactNode } from 'react';
import { Toast as T } from 'radix-ui';
import { X } from 'lucide-react';
import { create } from 'zustand';

interface ToastItem {
  id: number;
  title: ReactNode;
  description?: ReactNode;
  tone: 'info' | 'success' | 'danger';
}

const useToasts = create<{ items: ToastItem[] }>()(() => ({ items: [] }));
let nextId = 0;

/** Shows a short message in the corner (e.g. "Agent saved"); errors that need action belong on the page instead. */
export function toast(title: ReactNode, opts: { description?: ReactNode; tone?: ToastItem['tone'] } = {}): void {
  const item: ToastItem = { id: ++nextId, title, description: opts.description, tone: opts.tone ?? 'info' };
  useToasts.setState((s) => ({ items: [...s.items.slice(-3), item] }));
}

const dismiss = (id: number) => useToasts.setState((s) => ({ items: s.items.filter((t) => t.id !== id) }));

/** Renders the toasts; mounted once by the app. F8 moves focus to them (Radix's hotkey). */
export function Toaster() {
  const items = useToasts((s) => s.items);
  return (
    <T.Provider duration={4000} swipeDirection="right">
      {items.map((t) => (
        <T.Root key={t.id} className={`toast toast-${t.tone}`} onOpenChange={(open) => !open && dismiss(t.id)} type={t.tone === 'danger' ? 'foreground' : 'background'}>
          <div className="toast-body">
            <T.Title className="toast-title">{t.title}</T.Title>
            {t.description && <T.Description className="toast-description">{t.description}</T.Description>}
          </div>
          <T.Close className="btn btn-ghost btn-icon btn-sm" aria-label="Dismiss">
            <X size={14} aria-hidden="true" />
          </T.Close>
        </T.Root>
      ))}
      <T.Viewport className="toast-viewport" />
    </T.Provider>
  );
}
