// Lists that belong to one parent (a vault's credentials, a skill's versions): a handful each, loaded
// whole, newest first, when a screen first asks, then kept current by the change feed (an item at a
// time, or a reload when the feed says the parent changed).
import { useEffect } from 'react';
import { create } from 'zustand';
import { DockhandError } from './errors.ts';

export type ChildList<T> = { status: 'loading' | 'ready' | 'failed'; items: readonly T[]; error: DockhandError | null };

type Child = { id: string; created_at: string; updated_at?: string };
type Page<T> = { data: T[]; next_page: string | null };

const newestFirst = (a: Child, b: Child) => Date.parse(b.created_at) - Date.parse(a.created_at);

export function createChildLists<T extends Child>(list: (parentId: string, page: string | null) => Promise<Page<T>>) {
  const useStore = create<{ byParent: Readonly<Record<string, ChildList<T>>> }>()(() => ({ byParent: {} }));
  const set = (parentId: string, next: ChildList<T>) => useStore.setState((s) => ({ byParent: { ...s.byParent, [parentId]: next } }));
  const shownOf = (parentId: string) => useStore.getState().byParent[parentId];

  async function reload(parentId: string): Promise<void> {
    const shown = shownOf(parentId);
    if (!shown) set(parentId, { status: 'loading', items: [], error: null });
    try {
      const items: T[] = [];
      let page: string | null = null;
      do {
        const res: Page<T> = await list(parentId, page);
        items.push(...res.data);
        page = res.next_page;
      } while (page);
      set(parentId, { status: 'ready', items: items.sort(newestFirst), error: null });
    } catch (err) {
      const error = err instanceof DockhandError ? err : new DockhandError('api_error', String(err));
      set(parentId, shown ? { ...shown, error } : { status: 'failed', items: [], error });
    }
  }

  return {
    reload,
    /** Whether the parent's list is loaded (a screen or picker shows it). */
    shown: (parentId: string) => Boolean(shownOf(parentId)),
    /** A created or changed item, in its parent's list if that is loaded; ignored if older than what is there. */
    upsert(parentId: string, item: T): void {
      const shown = shownOf(parentId);
      if (!shown) return;
      const current = shown.items.find((x) => x.id === item.id);
      if (current?.updated_at && item.updated_at && Date.parse(current.updated_at) > Date.parse(item.updated_at)) return;
      const items = current ? shown.items.map((x) => (x.id === item.id ? item : x)) : [item, ...shown.items].sort(newestFirst);
      set(parentId, { ...shown, items });
    },
    remove(parentId: string, id: string): void {
      const shown = shownOf(parentId);
      if (shown) set(parentId, { ...shown, items: shown.items.filter((x) => x.id !== id) });
    },
    /** The parent is gone. */
    forget(parentId: string): void {
      useStore.setState((s) => {
        const { [parentId]: _gone, ...rest } = s.byParent;
        return { byParent: rest };
      });
    },
    /** Reloads every loaded list (the change feed lost track), or just `parentId`'s. */
    reloadShown(parentId?: string): void {
      for (const id of Object.keys(useStore.getState().byParent)) if (!parentId || id === parentId) void reload(id);
    },
    /** The parent's list, loaded on first use (null: none). */
    use(parentId: string | null): ChildList<T> {
      const entry = useStore((s) => (parentId ? s.byParent[parentId] : undefined));
      useEffect(() => {
        if (parentId && !shownOf(parentId)) void reload(parentId);
      }, [parentId]);
      return entry ?? { status: 'loading', items: [], error: null };
    },
  };
}
