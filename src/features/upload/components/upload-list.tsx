import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useMemo, useRef, useState } from 'react';
import { formatBytes } from '../../../components/ui/format-bytes';
import { formatDuration } from '../../../components/ui/format-duration';
import { totalsOf, type UploadItem, type UploadTotals } from '../upload-queue';
import { UploadRow, type UploadRowActions } from './upload-row';
import './upload-list.css';

interface UploadListProps {
  items: UploadItem[];
  onPause(id: string): void;
  onResume(id: string): void;
  onCancel(id: string): void;
  onClear(): void;
}

/** A row's height before it is measured (name, bar, detail, buttons), in CSS pixels. */
const ROW_ESTIMATE = 84;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The summary line: files and bytes stored of the total (plaintext), speed and time left, failures. */
function summaryText(totals: UploadTotals, active: boolean): string {
  if (totals.files === 0) return `${plural(totals.cancelled, 'upload', 'uploads')} cancelled`;
  const parts = [`${totals.stored} of ${plural(totals.files, 'file', 'files')} stored`];
  parts.push(active || totals.sent < totals.size ? `${formatBytes(totals.sent)} of ${formatBytes(totals.size)}` : formatBytes(totals.size));
  if (active && totals.bytesPerSecond > 0) parts.push(`${formatBytes(totals.bytesPerSecond)}/s`);
  if (active && totals.secondsLeft !== undefined) parts.push(`${formatDuration(totals.secondsLeft)} left`);
  if (totals.failed > 0) parts.push(`${totals.failed} failed`);
  if (totals.cancelled > 0) parts.push(`${totals.cancelled} cancelled`);
  return parts.join(' · ');
}

/** Stored (without a problem) and cancelled files fold away into a count; the rest keep a row. */
function folds(item: UploadItem): boolean {
  return (item.status === 'done' && item.error === undefined) || item.status === 'cancelled';
}

/**
 * The upload panel: a summary line (files and bytes stored of the total, speed, time left, failures) with an overall
 * bar, which expands to the files still waiting, moving, paused or failed - each with pause, resume or retry, and
 * cancel. Stored files fold away into a count. The list is bounded in height and virtualised, so a folder of
 * thousands of files neither pushes the file list down nor renders thousands of rows at each progress step.
 */
export function UploadList({ items, onPause, onResume, onCancel, onClear }: UploadListProps) {
  const [open, setOpen] = useState(true);
  const listId = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => items.filter((item) => !folds(item)), [items]);
  // The virtualizer's functions change as it measures; the compiler rightly leaves this component unmemoised (rows are memo()).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: open ? rows.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: 4,
  });
  const actions = useMemo<UploadRowActions>(() => ({ pause: onPause, resume: onResume, cancel: onCancel }), [onPause, onResume, onCancel]);
  if (items.length === 0) return null;

  const totals = totalsOf(items);
  const active = items.some((i) => i.status === 'uploading' || i.status === 'queued');
  const stored = items.filter((i) => i.status === 'done' && i.error === undefined).length;
  const cancelled = items.filter((i) => i.status === 'cancelled').length;
  const folded = [stored > 0 ? `${plural(stored, 'file', 'files')} stored` : '', cancelled > 0 ? `${cancelled} cancelled` : ''].filter(Boolean).join(' · ');
  const summary = summaryText(totals, active);
  return (
    <section className="transfers uploads" aria-label="Uploads">
      <div className="transfers-head">
        <p className="upload-summary">{summary}</p>
        <button type="button" className="quiet upload-toggle" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> Details
        </button>
        {!active && (
          <button type="button" className="quiet" onClick={onClear}>
            Clear
          </button>
        )}
      </div>
      <progress max={totals.size || 1} value={totals.size === 0 && !active ? 1 : totals.sent} aria-label="All uploads" aria-valuetext={summary} />
      <div id={listId} hidden={!open}>
        {folded && <p className="hint upload-folded">{folded}</p>}
        {rows.length > 0 && (
          <div ref={scroller} className="upload-rows">
            <ul style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((row) => {
                const item = rows[row.index] as UploadItem;
                return (
                  <UploadRow
                    key={item.id}
                    item={item}
                    actions={actions}
                    index={row.index}
                    count={rows.length}
                    top={row.start}
                    measure={virtualizer.measureElement}
                  />
                );
              })}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
