// What the resource list screens (agents, environments, vaults, skills) share: a live collection shown
// as a searchable table, its search and one optional filter kept in the address, the "Show archived"
// switch, the New button with its N shortcut, and the count beside the title. Each screen keeps only
// its columns, what its search reads, its filter and its empty state.
import { isValidElement, useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';
import { Badge, Button, CountBadge, EmptyState, ListScreen, NewIcon, SearchInput, Select, Switch, VirtualTable, type Column, type SelectOption } from '../ui/index.ts';
import type { CollectionState, Resource } from '../data/collection.ts';
import { useQueryParam } from './routes.ts';
import { useShortcut } from './shortcuts.ts';

type Listed = Resource & { archived_at?: string | null };

const ANY = '*';

export interface ListFilter<T> {
  /** The address's query key, e.g. `model` (`#/agents?model=…`). */
  param: string;
  label: string;
  /** The option that filters nothing, e.g. "All models". */
  anyLabel: string;
  options: readonly SelectOption<string>[];
  test: (item: T, value: string) => boolean;
}

export interface ResourceListProps<T extends Listed> {
  /** The collection's state (`useAgents()`…); `archivable` lists take `{ includeArchived }` as their query. */
  list: CollectionState<T, unknown>;
  title: string;
  /** One item, for the count ("3 agents") and the New button ("New agent"). */
  noun: string;
  description?: ReactNode;
  banner?: ReactNode;
  /** The New button's action (also the N shortcut). */
  onNew: () => void;
  /** Replaces the New button (e.g. an upload button). */
  actions?: ReactNode;
  /** The texts the search matches, e.g. name, id and description. */
  searchIn: (item: T) => readonly (string | null | undefined)[];
  searchPlaceholder: string;
  filter?: ListFilter<T>;
  /** Shows the "Show archived" switch. */
  archivable?: boolean;
  /** When there is nothing at all: what one is and how to make one (the New button is added), or a node of its own. */
  empty: ReactNode | { icon: LucideIcon; title: string; text: ReactNode };
  /** The first column: the name (with an "archived" badge), and a line under it. */
  name: (item: T) => ReactNode;
  sub?: (item: T) => ReactNode;
  href: (item: T) => string;
  columns: readonly Column<T>[];
}

export function ResourceList<T extends Listed>({ list, title, noun, description, banner, onNew, actions, searchIn, searchPlaceholder, filter, archivable, empty, name, sub, href, columns }: ResourceListProps<T>) {
  const { items, status, error, complete, query, load, setQuery } = list;
  const [search, setSearch] = useQueryParam('q');
  const [filterValue, setFilterValue] = useQueryParam(filter?.param ?? '');
  const [archived, setArchived] = useQueryParam('archived');
  const searchRef = useRef<HTMLInputElement>(null);
  useShortcut('search', () => searchRef.current?.focus());
  useShortcut('new', onNew);

  const includeArchived = archivable === true && archived === '1';
  const loadedArchived = (query as { includeArchived?: boolean }).includeArchived;
  useEffect(() => {
    if (archivable && loadedArchived !== includeArchived) setQuery({ ...(query as object), includeArchived });
  }, [archivable, includeArchived, loadedArchived, query, setQuery]);

  const value = filter ? filterValue : '';
  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return items.filter((item) => (!value || filter!.test(item, value)) && (!q || searchIn(item).some((text) => text?.toLowerCase().includes(q))));
    // `filter` and `searchIn` are each screen's fixed rules (new functions on each render).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [items, search, value]);

  const newButton = (
    <Button variant="primary" icon={NewIcon} onClick={onNew} title={`New ${noun} (N)`}>
      New {noun}
    </Button>
  );
  const filtered = Boolean(search || value);
  return (
    <ListScreen
      banner={banner}
      title={title}
      description={description}
      count={status === 'ready' && <CountBadge total={items.length} shown={shown.length} filtered={filtered} complete={complete} noun={noun} />}
      actions={actions ?? newButton}
      toolbar={
        <>
          <SearchInput ref={searchRef} label={`Search ${title.toLowerCase()}`} placeholder={searchPlaceholder} shortcut="/" value={search} onChange={(e) => setSearch(e.target.value)} />
          {filter && (
            <Select label={filter.label} size="sm" value={value || ANY} onChange={(v) => setFilterValue(v === ANY ? '' : v)} options={[{ value: ANY, label: filter.anyLabel }, ...filter.options]} />
          )}
          {archivable && <Switch label="Show archived" checked={includeArchived} onChange={(on) => setArchived(on ? '1' : '')} />}
        </>
      }
      status={status}
      error={error}
      onRetry={() => void load()}
      filtered={filtered || includeArchived}
      total={items.length}
      shown={shown.length}
      onClearFilters={() => (setSearch(''), filter && setFilterValue(''))}
      empty={
        isValidElement(empty) || !empty || typeof empty !== 'object' || !('title' in empty) ? (
          empty
        ) : (
          <EmptyState icon={empty.icon} title={empty.title} actions={actions ?? newButton}>
            {empty.text}
          </EmptyState>
        )
      }
    >
      <VirtualTable
        label={title}
        items={shown}
        rowKey={(item) => item.id}
        href={href}
        primaryHeader="Name"
        primary={(item) => {
          const line = (
            <span className="truncate">
              {name(item)} {item.archived_at && <Badge>archived</Badge>}
            </span>
          );
          return sub ? (
            <span className="cell-stack">
              {line}
              <span className="cell-sub">{sub(item)}</span>
            </span>
          ) : (
            line
          );
        }}
        columns={columns}
        rowHeight={sub ? 48 : undefined}
      />
    </ListScreen>
  );
}
