// A live list of one resource: every page loaded with the cursor, newest first, kept current by the
// change feed (and by this window's own saves). Lists show the first page at once and fill in the
// rest; a reload (after the feed lost track) swaps in the fresh list only when it is complete.
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { Client } from './client.ts';
import { client as currentClient, useConnection } from './connection.ts';
import { DockhandError } from './errors.ts';

export interface Resource {
  id: string;
  created_at: string;
  updated_at: string;
}

export interface CollectionState<T extends Resource, Q> {
  /** `loading` until the first page arrives; `failed` only when nothing could be shown. */
  status: 'idle' | 'loading' | 'ready' | 'failed';
  items: readonly T[];
  byId: ReadonlyMap<string, T>;
  /** Every page has been loaded: `items.length` is the true count. */
  complete: boolean;
  error: DockhandError | null;
  /** The server-side filters the list was loaded with. */
  query: Q;
  load(): Promise<void>;
  setQuery(query: Q): void;
  /** A created or changed item (from the feed or a save here); ignored if older than what we have. */
  upsert(item: T): void;
  remove(id: string): void;
}

export interface CollectionSpec<T extends Resource, Q> {
  query: Q;
  /** One page from the API. */
  list(client: Client, query: Q, page: string | null, limit: number): Promise<{ data: T[]; next_page: string | null }>;
  /** Whether an item belongs in the list under `query` (the server's filter, for live changes). */
  matches(item: T, query: Q): boolean;
  /** Called with each page as it arrives (e.g. to fetch what the list shows beside each item). */
  onPage?(items: readonly T[]): void;
}

/** The first page is small so the list shows quickly; the rest come in the largest pages the API allows. */
export const FIRST_PAGE = 100;
export const NEXT_PAGE = 1000;

const newer = (a: Resource, b: Resource) => Date.parse(a.updated_at) > Date.parse(b.updated_at);

/** Where `item` goes in a newest-first list. */
function insertionPoint<T extends Resource>(items: readonly T[], item: T): number {
  const at = Date.parse(item.created_at);
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Date.parse(items[mid]!.created_at) > at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createCollection<T extends Resource, Q>(spec: CollectionSpec<T, Q>): UseBoundStore<StoreApi<CollectionState<T, Q>>> {
  let generation = 0;
  // What the feed said during a load, for items the load has not reached yet (or may bring back stale).
  let changed = new Map<string, T>();
  let removed = new Set<string>();
  let loading = 0;

  return create<CollectionState<T, Q>>()((set, get) => {
    /** Applies a live change to a list; returns the new list, or null when nothing changes. */
    function applyUpsert(items: readonly T[], byId: ReadonlyMap<string, T>, item: T, complete: boolean): { items: T[]; byId: Map<string, T> } | null {
      const current = byId.get(item.id);
      if (current && newer(current, item)) return null;
      const nextById = new Map(byId);
      if (current) {
        nextById.set(item.id, item);
        return { items: items.map((x) => (x.id === item.id ? item : x)), byId: nextById };
      }
      const at = insertionPoint(items, item);
      // Older than everything loaded so far: its page will bring it (with this version, via `changed`).
      if (!complete && at === items.length) return null;
      nextById.set(item.id, item);
      return { items: [...items.slice(0, at), item, ...items.slice(at)], byId: nextById };
    }

    /** A page of fresh items merged with what the feed said meanwhile. */
    function reconcile(page: readonly T[]): T[] {
      const out: T[] = [];
      for (const item of page) {
        if (removed.has(item.id)) continue;
        const live = changed.get(item.id);
        if (live && !spec.matches(live, get().query)) continue;
        out.push(live && newer(live, item) ? live : item);
      }
      return out;
    }

    return {
      status: 'idle',
      items: [],
      byId: new Map(),
      complete: false,
      error: null,
      query: spec.query,

      async load() {
        const gen = ++generation;
        const epoch = useConnection.getState().epoch;
        changed = new Map();
        removed = new Set();
        const shown = get().status === 'ready' && get().items.length > 0;
        if (!shown) set({ status: 'loading', error: null, complete: false, items: [], byId: new Map() });
        const stale = () => gen !== generation || epoch !== useConnection.getState().epoch;
        let items: T[] = [];
        let byId = new Map<string, T>();
        let page: string | null = null;
        loading++;
        try {
          do {
            const res = await spec.list(currentClient(), get().query, page, page ? NEXT_PAGE : FIRST_PAGE);
            if (stale()) return;
            for (const item of reconcile(res.data)) if (!byId.has(item.id)) (byId.set(item.id, item), items.push(item));
            page = res.next_page;
            spec.onPage?.(res.data);
            // The first load shows each page as it comes; a reload keeps the old list until it is whole.
            if (!shown || !page) {
              if (!page) {
                // Items the feed created while we loaded, newer than the first page we read.
                for (const live of changed.values()) {
                  if (byId.has(live.id) || !spec.matches(live, get().query)) continue;
                  byId.set(live.id, live);
                  items.splice(insertionPoint(items, live), 0, live);
                }
              }
              set({ status: 'ready', items, byId, complete: !page, error: null });
              items = [...items];
              byId = new Map(byId);
            }
          } while (page);
        } catch (err) {
          if (stale()) return;
          const error = err instanceof DockhandError ? err : new DockhandError('api_error', String(err));
          // Keep what is on screen; say why it may be incomplete.
          set(get().items.length ? { error } : { status: 'failed', error });
        } finally {
          loading--;
        }
      },

      setQuery(query) {
        set({ query, status: 'idle', items: [], byId: new Map(), complete: false });
        void get().load();
      },

      upsert(item) {
        if (loading) (changed.set(item.id, item), removed.delete(item.id));
        const s = get();
        if (!spec.matches(item, s.query)) return s.remove(item.id);
        const next = applyUpsert(s.items, s.byId, item, s.complete);
        if (next) set(next);
      },

      remove(id) {
        if (loading) removed.add(id);
        const s = get();
        if (!s.byId.has(id)) return;
        const byId = new Map(s.byId);
        byId.delete(id);
        set({ items: s.items.filter((x) => x.id !== id), byId });
      },
    };
  });
}
