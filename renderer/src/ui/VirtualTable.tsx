import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';

export interface Column<T> {
  id: string;
  header: ReactNode;
  /** The narrowest the column may be, in pixels. */
  width: number;
  /** Its share of the room left over (0: stays at `width`). */
  grow?: number;
  cell: (item: T) => ReactNode;
  align?: 'start' | 'end';
  /**
   * Which columns give way when the table is narrow: the highest number goes first; 0 (the default)
   * never goes.
   */
  drop?: number;
}

export interface VirtualTableProps<T> {
  /** The table's accessible name, e.g. "Agents". */
  label: string;
  items: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (item: T) => string;
  /** Where a row leads; its first cell is a real link there (keyboard, middle-click, deep link). */
  href: (item: T) => string;
  /** The first column's content, inside the row's link. */
  primary: (item: T) => ReactNode;
  primaryHeader: ReactNode;
  /** The first column's narrowest width in pixels; it takes twice the leftover share of a growing column. */
  primaryWidth?: number;
  rowHeight?: number;
}

const ROW_HEIGHT = 40;
const PAGE_ROWS = 10;
/** Matches the row's horizontal padding and column gap in layout.css. */
const ROW_PADDING = 48;
const COLUMN_GAP = 16;

/** The columns that fit in `width`, dropping the most droppable first, and their grid template. */
export function fitColumns<T>(columns: readonly Column<T>[], primaryWidth: number, width: number): { visible: Column<T>[]; template: string } {
  let visible = [...columns];
  const need = (cols: Column<T>[]) => primaryWidth + ROW_PADDING + cols.reduce((n, c) => n + c.width + COLUMN_GAP, 0);
  while (width > 0 && need(visible) > width) {
    const droppable = visible.filter((c) => c.drop);
    if (!droppable.length) break;
    const worst = droppable.reduce((a, b) => (b.drop! >= a.drop! ? b : a));
    visible = visible.filter((c) => c !== worst);
  }
  const track = (min: number, grow = 0) => (grow ? `minmax(${min}px, ${grow}fr)` : `${min}px`);
  return { visible, template: [track(primaryWidth, 2), ...visible.map((c) => track(c.width, c.grow))].join(' ') };
}

/**
 * A long list as an accessible table, virtualised (only the rows in view exist in the page). One
 * tab stop: arrow keys, Page Up/Down, Home and End move between rows and Enter opens the row.
 */
export function VirtualTable<T>({ label, items, columns, rowKey, href, primary, primaryHeader, primaryWidth = 192, rowHeight = ROW_HEIGHT }: VirtualTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [width, setWidth] = useState(0);
  const focusPending = useRef<number | null>(null);
  const activeIndex = Math.min(active, Math.max(0, items.length - 1));

  // The active row stays rendered even when scrolled away, so the table never loses its tab stop.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const rows = defaultRangeExtractor(range);
      return items.length && !rows.includes(activeIndex) ? [...rows, activeIndex].sort((a, b) => a - b) : rows;
    },
    [activeIndex, items.length],
  );
  // TanStack Virtual re-renders this component itself; the React Compiler skipping it is expected.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 12, rangeExtractor });

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => setWidth(entry!.contentRect.width));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (focusPending.current === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${focusPending.current}"] .row-link`);
    if (row) {
      row.focus({ preventScroll: true });
      focusPending.current = null;
    }
  });

  const { visible, template } = fitColumns(columns, primaryWidth, width);

  const moveTo = (index: number) => {
    if (!items.length) return;
    const next = Math.max(0, Math.min(items.length - 1, index));
    setActive(next);
    focusPending.current = next;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + PAGE_ROWS,
      PageUp: activeIndex - PAGE_ROWS,
      Home: 0,
      End: items.length - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key]!);
    }
  };

  // A click anywhere on a row opens it, as its link would (the link itself handles its own clicks).
  const onRowClick = (e: MouseEvent<HTMLDivElement>, item: T, index: number) => {
    setActive(index);
    if ((e.target as HTMLElement).closest('a, button, input')) return;
    window.location.hash = href(item).replace(/^#/, '');
  };

  return (
    <div className="vtable" role="table" aria-label={label} aria-rowcount={items.length + 1} onKeyDown={onKeyDown}>
      <div className="vtable-head" role="rowgroup">
        <div className="vtable-row vtable-header" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
          <div role="columnheader" className="vtable-cell">
            {primaryHeader}
          </div>
          {visible.map((c) => (
            <div key={c.id} role="columnheader" className={c.align === 'end' ? 'vtable-cell align-end' : 'vtable-cell'}>
              {c.header}
            </div>
          ))}
        </div>
      </div>
      <div className="vtable-scroll" ref={scrollRef}>
        <div className="vtable-canvas" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((v) => {
            const item = items[v.index]!;
            return (
              <div
                key={rowKey(item)}
                role="row"
                aria-rowindex={v.index + 2}
                data-row-index={v.index}
                data-active={v.index === activeIndex || undefined}
                className="vtable-row vtable-body-row"
                style={{ gridTemplateColumns: template, height: rowHeight, transform: `translateY(${v.start}px)` }}
                onClick={(e) => onRowClick(e, item, v.index)}
              >
                <div role="cell" className="vtable-cell vtable-primary">
                  <a className="row-link" href={href(item)} tabIndex={v.index === activeIndex ? 0 : -1} onFocus={() => setActive(v.index)}>
                    {primary(item)}
                  </a>
                </div>
                {visible.map((c) => (
                  <div key={c.id} role="cell" className={c.align === 'end' ? 'vtable-cell align-end' : 'vtable-cell'}>
                    {c.cell(item)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
