import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type RefObject } from 'react';
import { useMediaQuery } from '../../../components/ui/use-media-query';
import type { Entry, Sort, SortKey } from '../../../session/files/file-tree';
import { FileRow, type RowActions } from './file-row';

/** Height of one row, in CSS pixels (the stylesheet gives rows the same). */
export const ROW_HEIGHT = 52;

/** Below this width a row's actions are one "Actions" menu (file-browser.css switches its columns at the same width). */
export const COMPACT_ROWS = '(max-width: 52rem)';

interface FileGridProps {
  entries: readonly Entry[];
  /** Ids (entryId) of selected entries. */
  selected: ReadonlySet<string>;
  active: number;
  onActiveChange(index: number): void;
  sort: Sort;
  onSort(key: SortKey): void;
  onSelectAll(select: boolean): void;
  /** Keys the list handles itself are done; the rest come here (Enter, Delete, F2, …). */
  onKey(event: KeyboardEvent, index: number): void;
  downloading: { id: string; percent: number } | null;
  showPath: boolean;
  actions: RowActions;
}

/** A stable id for an entry: its object key, or its folder path. */
export function entryId(entry: Entry): string {
  return entry.kind === 'file' ? entry.file.key : `folder:${entry.path}`;
}

const COLUMNS: { key: SortKey; label: string; className: string }[] = [
  { key: 'name', label: 'Name', className: 'fb-name' },
  { key: 'size', label: 'Size', className: 'fb-size' },
  { key: 'modified', label: 'Modified', className: 'fb-date' },
];

/**
 * The width of the list's scrollbar: 0 while the list does not scroll (or where scrollbars overlay the content). The
 * header row leaves the same room at its end, so that its columns stay above the rows' columns.
 */
function useScrollbarWidth(scroller: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setWidth(element.offsetWidth - element.clientWidth);
    measure();
    // The content box narrows when a scrollbar appears, so the observer sees that too.
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [scroller]);
  return width;
}

/**
 * The file list as an ARIA grid, virtualised: only the rows in view (and a few around) are in the page, so 10,000
 * files scroll as smoothly as ten. One tab stop (the active row, and the controls in it); arrows, Home, End and the
 * page keys move it, and the grid scrolls it into view.
 */
export function FileGrid({ entries, selected, active, onActiveChange, sort, onSort, onSelectAll, onKey, downloading, showPath, actions }: FileGridProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const wantFocus = useRef(false);
  const compact = useMediaQuery(COMPACT_ROWS);
  const gutter = useScrollbarWidth(scroller);
  // The virtualizer's functions change as it measures; the compiler rightly leaves this component unmemoised (rows are memo()).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // Rows from the first render on (before the list is measured), so the focus can go to one as the list appears.
    initialRect: { width: 0, height: 10 * ROW_HEIGHT },
    // The active row stays in the page even when scrolled out of view: it holds the grid's tab stop.
    rangeExtractor: (range) => {
      const indexes = defaultRangeExtractor(range);
      return active < range.count && !indexes.includes(active) ? [...indexes, active].sort((a, b) => a - b) : indexes;
    },
  });
  const allSelected = entries.length > 0 && entries.every((entry) => selected.has(entryId(entry)));
  const someSelected = !allSelected && entries.some((entry) => selected.has(entryId(entry)));

  useEffect(() => {
    if (!wantFocus.current) return;
    wantFocus.current = false;
    scroller.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.focus({ preventScroll: true });
  });

  function moveTo(index: number) {
    const next = Math.max(0, Math.min(entries.length - 1, index));
    virtualizer.scrollToIndex(next, { align: 'auto' });
    wantFocus.current = true;
    onActiveChange(next);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const target: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, Home: 0, End: entries.length - 1, PageDown: active + page, PageUp: active - page };
    const to = target[event.key];
    if (to !== undefined && !event.altKey) {
      event.preventDefault();
      moveTo(to);
      if (event.shiftKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) actions.toggle(Math.max(0, Math.min(entries.length - 1, to)), true);
      return;
    }
    onKey(event, active);
  }

  return (
    <div role="grid" aria-label="Files" aria-rowcount={entries.length + 1} aria-multiselectable="true" aria-describedby="fb-keys" className="fb-grid">
      <div role="rowgroup" className="fb-head">
        <div role="row" aria-rowindex={1} className="fb-row fb-header" style={{ '--fb-gutter': `${gutter}px` } as CSSProperties}>
          <div role="columnheader" className="fb-check">
            <input
              type="checkbox"
              aria-label="Select all in view"
              checked={allSelected}
              ref={(box) => {
                if (box) box.indeterminate = someSelected;
              }}
              onChange={() => onSelectAll(!allSelected)}
            />
          </div>
          {COLUMNS.map((column) => (
            <div
              key={column.key}
              role="columnheader"
              className={column.className}
              aria-sort={sort.key === column.key ? sort.direction : 'none'}
            >
              <button type="button" className="fb-sort" onClick={() => onSort(column.key)}>
                {column.label}
                <span aria-hidden="true" className="fb-sort-mark">
                  {sort.key === column.key ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                </span>
                <span className="visually-hidden">
                  {sort.key === column.key ? `, sorted ${sort.direction}` : ''}
                </span>
              </button>
            </div>
          ))}
          <div role="columnheader" className="fb-actions">
            <span className="visually-hidden">Actions</span>
          </div>
        </div>
      </div>
      <div
        role="rowgroup"
        ref={scroller}
        className="fb-body"
        onKeyDown={onKeyDown}
        onFocus={(event) => {
          const row = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
          const index = Number(row?.dataset.index);
          if (row && Number.isInteger(index) && index !== active) onActiveChange(index);
        }}
      >
        <div className="fb-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const entry = entries[item.index] as Entry;
            const id = entryId(entry);
            return (
              <FileRow
                key={id}
                entry={entry}
                index={item.index}
                selected={selected.has(id)}
                active={item.index === active}
                downloading={downloading?.id === id ? downloading.percent : null}
                showPath={showPath}
                compact={compact}
                actions={actions}
                top={item.start}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
