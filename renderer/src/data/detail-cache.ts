// Resources retrieved by id (not in a loaded list), kept current by the same changes that update the
// lists. Separate from the hooks (details.ts) so the resource modules can update it without a cycle.
import { create } from 'zustand';
import type { Resource } from './collection.ts';
import { DockhandError } from './errors.ts';

export type Entry = { item?: Resource; error?: DockhandError; loading?: boolean };

export const useDetails = create<{ entries: ReadonlyMap<string, Entry> }>()(() => ({ entries: new Map() }));

export const setEntry = (id: string, entry: Entry) =>
  useDetails.setState((s) => {
    const entries = new Map(s.entries);
    entries.set(id, entry);
    return { entries };
  });

/** Keeps a retrieved resource current when it changes (a save here, or the change feed). */
export function noteDetail(item: Resource): void {
  const entry = useDetails.getState().entries.get(item.id);
  if (entry?.item && Date.parse(item.updated_at) >= Date.parse(entry.item.updated_at)) setEntry(item.id, { item });
}

/** Marks a deleted resource, so its screen says it is gone. */
export function dropDetail(id: string): void {
  if (useDetails.getState().entries.has(id)) setEntry(id, { error: new DockhandError('not_found_error', `${id} was deleted`, 404) });
}
