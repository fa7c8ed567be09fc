/**
 * The upload queue: what is waiting, moving, paused, done or failed, with bytes, speed and time left. Framework-free,
 * so React reads it through useSyncExternalStore and tests drive it directly.
 */

/** Where an upload stands. */
export type UploadStatus = 'queued' | 'uploading' | 'paused' | 'done' | 'failed' | 'cancelled';

/**
 * What an upload under way is doing: checking a known upload of the file before it goes on (the file is read again),
 * sending, finishing (every byte is stored and the storage joins the parts: S3's CompleteMultipartUpload, seconds
 * per GiB), or removing the file it replaces.
 */
export type UploadPhase = 'checking' | 'sending' | 'finishing' | 'replacing';

/** One file in the queue, as the UI shows it. Sizes are the file's own (plaintext), as a person knows them. */
export interface UploadItem {
  id: string;
  name: string;
  status: UploadStatus;
  /** Meaningful while uploading. */
  phase: UploadPhase;
  /** Plaintext bytes stored so far, of the file's size. */
  sent: number;
  size: number;
  /** Smoothed speed in plaintext bytes per second (0 until measured). */
  bytesPerSecond: number;
  /** Object keys of the vault files this upload replaces once it is stored. */
  replaces: readonly string[];
  /** Why it failed; or, for a stored one, what went wrong afterwards (the file it replaces could not be removed). */
  error?: string;
}

/** A file to upload under its vault name, maybe replacing files of that name. */
export interface QueuedFile {
  file: File;
  name: string;
  /** Object keys of the files it replaces: removed once it is stored, never before. */
  replaces?: readonly string[];
}

/** What an upload tells the queue as it goes. */
export interface UploadReport {
  /** Object bytes stored so far, of the object's size (the file encrypted: a header and a tag per chunk more). */
  progress(confirmed: number, total: number): void;
  /** A known upload of the file is being checked (true), or the check is over (false). */
  checking(checking: boolean): void;
}

/** What the queue needs from the outside; `R` is what an upload resolves (the stored file). */
export interface UploadQueueDeps<R = unknown> {
  /** Uploads a file; rejects with the signal's reason when aborted. */
  upload(file: File, name: string, signal: AbortSignal, report: UploadReport): Promise<R>;
  /** Abandons what was stored of a file's unfinished upload. */
  abandon(file: File, name: string): Promise<void>;
  /** Removes the files a stored upload replaces; resolves the keys removed, and why the others were not. */
  replace?(keys: readonly string[]): Promise<{ removed: readonly string[]; problem?: string }>;
  /** A file finished: what its upload resolved (the list can show it without listing again) and the keys it replaced. */
  onUploaded(name: string, stored: R, removed: readonly string[]): void;
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

/** Whether an item may still move: waiting, moving, paused or failed (and so retried). */
export function isUnfinished(item: UploadItem): boolean {
  return item.status !== 'done' && item.status !== 'cancelled';
}

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

  /** The items that may still move, with their files (to tell the same file chosen again from another one). */
  unfinished(): { item: UploadItem; file: File }[] {
    return [...this.entries.values()].filter((e) => isUnfinished(e.item)).map(({ item, file }) => ({ item, file }));
  }

  /** Queues files under the names they get in the vault. */
  add(files: readonly QueuedFile[]): void {
    if (files.length === 0) return;
    for (const { file, name, replaces = [] } of files) {
      const id = `u${++this.counter}`;
      const item: UploadItem = { id, name, status: 'queued', phase: 'sending', sent: 0, size: file.size, bytesPerSecond: 0, replaces };
      this.entries.set(id, { file, item });
    }
    this.changed();
    this.pump();
  }

  /** Stops an upload; what S3 confirmed is kept for resume. */
  pause = (id: string): void => {
    const entry = this.entries.get(id);
    if (!entry) return;
    if (entry.item.status === 'uploading') entry.controller?.abort(PAUSE);
    else if (entry.item.status === 'queued') this.update(entry, { status: 'paused' });
  };

  /** Continues a paused or failed upload. */
  resume = (id: string): void => {
    const entry = this.entries.get(id);
    if (!entry || (entry.item.status !== 'paused' && entry.item.status !== 'failed')) return;
    this.update(entry, { status: 'queued', bytesPerSecond: 0, error: undefined });
    this.pump();
  };

  /** Stops an upload for good and frees what was stored of it. */
  cancel = (id: string): void => {
    const entry = this.entries.get(id);
    if (!entry) return;
    if (entry.item.status === 'uploading') {
      entry.controller?.abort(CANCEL);
      return;
    }
    if (!isUnfinished(entry.item)) return;
    this.update(entry, { status: 'cancelled', bytesPerSecond: 0 });
    void this.deps.abandon(entry.file, entry.item.name).catch((error: unknown) => this.fail(entry, error));
  };

  /** Removes finished and cancelled items from view (failed ones stay, to be retried or cancelled). */
  clearFinished = (): void => {
    for (const [id, entry] of this.entries) {
      if (!isUnfinished(entry.item)) this.entries.delete(id);
    }
    this.changed();
  };

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
    this.update(entry, { status: 'uploading', phase: 'sending' });
    try {
      const stored = await this.deps.upload(entry.file, entry.item.name, controller.signal, {
        progress: (confirmed, total) => this.progress(entry, confirmed, total),
        checking: (checking) => this.update(entry, { phase: checking ? 'checking' : 'sending', bytesPerSecond: 0 }),
      });
      // Stored: from here on nothing stops it. The files it replaces go only now, so a failed upload loses nothing.
      entry.controller = undefined;
      const { removed, problem } = await this.replaceOld(entry);
      this.update(entry, { status: 'done', sent: entry.item.size, bytesPerSecond: 0, ...(problem === undefined ? {} : { error: problem }) });
      this.deps.onUploaded(entry.item.name, stored, removed);
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

  private async replaceOld(entry: Entry): Promise<{ removed: readonly string[]; problem?: string }> {
    const old = entry.item.replaces;
    if (old.length === 0 || !this.deps.replace) return { removed: [] };
    this.update(entry, { phase: 'replacing', bytesPerSecond: 0 });
    const outcome = await this.deps.replace(old).catch((error: unknown) => ({ removed: [], problem: this.deps.describe(error) }));
    if (outcome.problem === undefined) return outcome;
    return { removed: outcome.removed, problem: `Stored, but the file it replaces could not be removed: ${outcome.problem}` };
  }

  private fail(entry: Entry, error: unknown): void {
    this.update(entry, { status: 'failed', bytesPerSecond: 0, error: this.deps.describe(error) });
  }

  /**
   * Object bytes become plaintext bytes in proportion: the object is the file plus a header and 16 bytes a 512 KiB
   * chunk, so the share is the file's within a few hundredths of a percent, and exact at the start and the end.
   */
  private progress(entry: Entry, confirmed: number, total: number): void {
    const size = entry.item.size;
    const sent = total > 0 ? Math.min(size, Math.round((confirmed / total) * size)) : 0;
    const now = (this.deps.now ?? Date.now)();
    let speed = entry.item.bytesPerSecond;
    const last = entry.lastSample;
    if (last && now > last.at && sent > last.bytes) {
      const sample = ((sent - last.bytes) * 1000) / (now - last.at);
      speed = speed === 0 ? sample : SMOOTHING * sample + (1 - SMOOTHING) * speed;
    }
    if (!last || sent > last.bytes) entry.lastSample = { at: now, bytes: sent };
    const phase: UploadPhase = total > 0 && confirmed >= total ? 'finishing' : 'sending';
    this.update(entry, { sent, bytesPerSecond: phase === 'finishing' ? 0 : speed, phase });
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

/** What the upload panel's summary says. */
export interface UploadTotals {
  /** Files in view (cancelled ones aside), and how many of them are stored, failed, still to go. */
  files: number;
  stored: number;
  failed: number;
  cancelled: number;
  /** Plaintext bytes stored, of the files in view. */
  sent: number;
  size: number;
  /** Combined speed of the uploads moving. */
  bytesPerSecond: number;
  /** Seconds until the waiting and moving files are stored at that speed; undefined until there is a speed. */
  secondsLeft: number | undefined;
}

/** Files, bytes and speed over the items in view (cancelled ones aside). */
export function totalsOf(items: readonly UploadItem[]): UploadTotals {
  const totals: UploadTotals = { files: 0, stored: 0, failed: 0, cancelled: 0, sent: 0, size: 0, bytesPerSecond: 0, secondsLeft: undefined };
  let left = 0;
  for (const item of items) {
    if (item.status === 'cancelled') {
      totals.cancelled += 1;
      continue;
    }
    totals.files += 1;
    totals.sent += item.sent;
    totals.size += item.size;
    if (item.status === 'done') totals.stored += 1;
    if (item.status === 'failed') totals.failed += 1;
    if (item.status === 'uploading') totals.bytesPerSecond += item.bytesPerSecond;
    if (item.status === 'uploading' || item.status === 'queued') left += item.size - item.sent;
  }
  if (totals.bytesPerSecond > 0) totals.secondsLeft = left / totals.bytesPerSecond;
  return totals;
}
