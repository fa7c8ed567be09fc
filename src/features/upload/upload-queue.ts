/**
 * The upload queue: what is waiting, moving, paused, done or failed, with bytes, speed and time left. Framework-free,
 * so React reads it through useSyncExternalStore and tests drive it directly.
 */

/** Where an upload stands. */
export type UploadStatus = 'queued' | 'uploading' | 'paused' | 'done' | 'failed' | 'cancelled';

/** One file in the queue, as the UI shows it. */
export interface UploadItem {
  id: string;
  name: string;
  status: UploadStatus;
  /** Bytes stored so far, and the total (encrypted object size once known). */
  confirmed: number;
  total: number;
  /** Smoothed speed in bytes per second (0 until measured). */
  bytesPerSecond: number;
  error?: string;
}

/** What the queue needs from the outside; `R` is what an upload resolves (the stored file). */
export interface UploadQueueDeps<R = unknown> {
  /** Uploads a file; rejects with the signal's reason when aborted. */
  upload(file: File, name: string, signal: AbortSignal, onProgress: (confirmed: number, total: number) => void): Promise<R>;
  /** Abandons what was stored of a file's unfinished upload. */
  abandon(file: File, name: string): Promise<void>;
  /** A file finished: what its upload resolved (the list can show it without listing again). */
  onUploaded(name: string, stored: R): void;
  /** Nothing is waiting or moving any more (after at least one upload ended, however it ended). */
  onIdle?(): void;
  /** Turns a failure into words. */
  describe(error: unknown): string;
  /** Files moving at once. */
  concurrency?: number;
  now?: () => number;
}

interface Entry {
  item: UploadItem;
  file: File;
  controller?: AbortController;
  lastSample?: { at: number; bytes: number };
}

const PAUSE = 'pause';
const CANCEL = 'cancel';
/** Weight of the newest sample in the speed estimate. */
const SMOOTHING = 0.3;

/** A queue of encrypted uploads. */
export class UploadQueue<R = unknown> {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<() => void>();
  private snapshot: UploadItem[] = [];
  private counter = 0;

  constructor(private readonly deps: UploadQueueDeps<R>) {}

  /** Subscribes to changes (useSyncExternalStore). */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The items, oldest first (a new array after each change). */
  getSnapshot = (): UploadItem[] => this.snapshot;

  /** Queues files under the names they get in the vault. */
  add(files: { file: File; name: string }[]): void {
    for (const { file, name } of files) {
      const id = `u${++this.counter}`;
      this.entries.set(id, { file, item: { id, name, status: 'queued', confirmed: 0, total: file.size, bytesPerSecond: 0 } });
    }
    this.changed();
    this.pump();
  }

  /** Stops an upload; what S3 confirmed is kept for resume. */
  pause(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    if (entry.item.status === 'uploading') entry.controller?.abort(PAUSE);
    else if (entry.item.status === 'queued') this.update(entry, { status: 'paused' });
  }

  /** Continues a paused or failed upload. */
  resume(id: string): void {
    const entry = this.entries.get(id);
    if (!entry || (entry.item.status !== 'paused' && entry.item.status !== 'failed')) return;
    this.update(entry, { status: 'queued', bytesPerSecond: 0, error: undefined });
    this.pump();
  }

  /** Stops an upload for good and frees what was stored of it. */
  cancel(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    if (entry.item.status === 'uploading') {
      entry.controller?.abort(CANCEL);
      return;
    }
    if (entry.item.status === 'done' || entry.item.status === 'cancelled') return;
    this.update(entry, { status: 'cancelled', bytesPerSecond: 0 });
    void this.deps.abandon(entry.file, entry.item.name).catch((error: unknown) => this.fail(entry, error));
  }

  /** Removes finished, failed and cancelled items from view. */
  clearFinished(): void {
    for (const [id, entry] of this.entries) {
      if (['done', 'cancelled'].includes(entry.item.status)) this.entries.delete(id);
    }
    this.changed();
  }

  private pump(): void {
    const limit = this.deps.concurrency ?? 2;
    let running = [...this.entries.values()].filter((e) => e.item.status === 'uploading').length;
    for (const entry of this.entries.values()) {
      if (running >= limit) break;
      if (entry.item.status !== 'queued') continue;
      running++;
      void this.run(entry);
    }
  }

  private async run(entry: Entry): Promise<void> {
    const controller = new AbortController();
    entry.controller = controller;
    entry.lastSample = undefined;
    this.update(entry, { status: 'uploading' });
    try {
      const stored = await this.deps.upload(entry.file, entry.item.name, controller.signal, (confirmed, total) =>
        this.progress(entry, confirmed, total),
      );
      this.update(entry, { status: 'done', confirmed: entry.item.total, bytesPerSecond: 0 });
      this.deps.onUploaded(entry.item.name, stored);
    } catch (error) {
      if (controller.signal.reason === PAUSE) this.update(entry, { status: 'paused', bytesPerSecond: 0 });
      else if (controller.signal.reason === CANCEL) {
        this.update(entry, { status: 'cancelled', bytesPerSecond: 0 });
        await this.deps.abandon(entry.file, entry.item.name).catch((e: unknown) => this.fail(entry, e));
      } else this.fail(entry, error);
    } finally {
      entry.controller = undefined;
      this.pump();
      if (![...this.entries.values()].some((e) => e.item.status === 'queued' || e.item.status === 'uploading')) this.deps.onIdle?.();
    }
  }

  private fail(entry: Entry, error: unknown): void {
    this.update(entry, { status: 'failed', bytesPerSecond: 0, error: this.deps.describe(error) });
  }

  private progress(entry: Entry, confirmed: number, total: number): void {
    const now = (this.deps.now ?? Date.now)();
    let speed = entry.item.bytesPerSecond;
    const last = entry.lastSample;
    if (last && now > last.at && confirmed > last.bytes) {
      const sample = ((confirmed - last.bytes) * 1000) / (now - last.at);
      speed = speed === 0 ? sample : SMOOTHING * sample + (1 - SMOOTHING) * speed;
    }
    if (!last || confirmed > last.bytes) entry.lastSample = { at: now, bytes: confirmed };
    this.update(entry, { confirmed, total, bytesPerSecond: speed });
  }

  private update(entry: Entry, patch: Partial<UploadItem>): void {
    entry.item = { ...entry.item, ...patch };
    this.changed();
  }

  private changed(): void {
    this.snapshot = [...this.entries.values()].map((e) => e.item);
    for (const listener of this.listeners) listener();
  }
}

/** Total bytes confirmed and expected, and the combined speed, over the items in view (cancelled ones aside). */
export function totalsOf(items: UploadItem[]): { confirmed: number; total: number; bytesPerSecond: number } {
  let confirmed = 0;
  let total = 0;
  let bytesPerSecond = 0;
  for (const item of items) {
    if (item.status === 'cancelled') continue;
    confirmed += item.confirmed;
    total += item.total;
    bytesPerSecond += item.status === 'uploading' ? item.bytesPerSecond : 0;
  }
  return { confirmed, total, bytesPerSecond };
}
