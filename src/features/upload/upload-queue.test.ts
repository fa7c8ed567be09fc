import { describe, expect, it, vi } from 'vitest';
import { totalsOf, UploadQueue, type UploadQueueDeps, type UploadReport } from './upload-queue';

/** An upload that reports progress when told and finishes or fails when told. */
function controllable() {
  const runs: { name: string; signal: AbortSignal; report: UploadReport; progress: (c: number, t: number) => void; finish: () => void; fail: (e: unknown) => void }[] = [];
  const upload: UploadQueueDeps<string>['upload'] = (_file, name, signal, report) =>
    new Promise((resolve, reject) => {
      runs.push({ name, signal, report, progress: report.progress, finish: () => resolve(`files/${name}-key`), fail: reject });
      signal.addEventListener('abort', () => reject(signal.reason));
    });
  return { runs, upload };
}

const file = (size: number) => new File([new Uint8Array(size)], 'f.bin');
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('UploadQueue', () => {
  it('runs files two at a time, reports plaintext bytes and speed, and tells when each is stored', async () => {
    let now = 0;
    const { runs, upload } = controllable();
    const onUploaded = vi.fn();
    const queue = new UploadQueue({ upload, abandon: vi.fn(), onUploaded, describe: String, now: () => now });
    queue.add([{ file: file(800), name: 'a' }, { file: file(10), name: 'b' }, { file: file(10), name: 'c' }]);
    expect(queue.getSnapshot().map((i) => i.status)).toEqual(['uploading', 'uploading', 'queued']);

    // The object is the file encrypted (1000 bytes for 800 here): the panel shows the file's own bytes.
    runs[0]?.progress(0, 1000);
    now = 1000;
    runs[0]?.progress(500, 1000);
    expect(queue.getSnapshot()[0]).toMatchObject({ sent: 400, size: 800, bytesPerSecond: 400, phase: 'sending' });

    runs[0]?.finish();
    await settle();
    expect(onUploaded).toHaveBeenCalledWith('a', 'files/a-key', []);
    expect(queue.getSnapshot()[0]).toMatchObject({ status: 'done', sent: 800 });
    expect(queue.getSnapshot().map((i) => i.status)).toEqual(['done', 'uploading', 'uploading']);
  });

  it('says when a known upload is being checked, and when every byte is stored and the storage is finishing', async () => {
    const { runs, upload } = controllable();
    const queue = new UploadQueue({ upload, abandon: vi.fn(), onUploaded: vi.fn(), describe: String });
    queue.add([{ file: file(100), name: 'a' }]);
    const phase = () => queue.getSnapshot()[0]?.phase;
    expect(phase()).toBe('sending');
    runs[0]?.report.checking(true);
    expect(phase()).toBe('checking');
    runs[0]?.report.checking(false);
    expect(phase()).toBe('sending');
    runs[0]?.progress(60, 120);
    expect(phase()).toBe('sending');
    runs[0]?.progress(120, 120);
    expect(queue.getSnapshot()[0]).toMatchObject({ phase: 'finishing', sent: 100, status: 'uploading' });
  });

  it('says when nothing is waiting or moving any more, once per batch', async () => {
    const { runs, upload } = controllable();
    const onIdle = vi.fn();
    const queue = new UploadQueue({ upload, abandon: vi.fn(), onUploaded: vi.fn(), onIdle, describe: String });
    queue.add([{ file: file(10), name: 'a' }, { file: file(10), name: 'b' }, { file: file(10), name: 'c' }]);
    runs[0]?.finish();
    await settle();
    runs[1]?.fail(new TypeError('Failed to fetch'));
    await settle();
    expect(onIdle).not.toHaveBeenCalled();
    runs[2]?.finish();
    await settle();
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(queue.getSnapshot().map((i) => i.status)).toEqual(['done', 'failed', 'done']);
  });

  it('pauses (keeping what was stored) and resumes; cancel abandons the upload', async () => {
    const { runs, upload } = controllable();
    const abandon = vi.fn(async () => undefined);
    const queue = new UploadQueue({ upload, abandon, onUploaded: vi.fn(), describe: String, concurrency: 1 });
    queue.add([{ file: file(10), name: 'a' }]);
    const id = queue.getSnapshot()[0]?.id ?? '';
    queue.pause(id);
    await settle();
    expect(queue.getSnapshot()[0]?.status).toBe('paused');
    expect(abandon).not.toHaveBeenCalled();

    queue.resume(id);
    expect(queue.getSnapshot()[0]?.status).toBe('uploading');
    expect(runs).toHaveLength(2);
    queue.cancel(id);
    await settle();
    expect(queue.getSnapshot()[0]?.status).toBe('cancelled');
    expect(abandon).toHaveBeenCalledTimes(1);
  });

  it('shows a failure in words and can retry it; Clear keeps failed items', async () => {
    const { runs, upload } = controllable();
    const queue = new UploadQueue({ upload, abandon: vi.fn(), onUploaded: vi.fn(), describe: () => 'You are offline.' });
    queue.add([{ file: file(10), name: 'a' }, { file: file(10), name: 'b' }]);
    runs[0]?.fail(new TypeError('Failed to fetch'));
    runs[1]?.finish();
    await settle();
    expect(queue.getSnapshot()[0]).toMatchObject({ status: 'failed', error: 'You are offline.' });
    queue.clearFinished();
    expect(queue.getSnapshot().map((i) => i.name)).toEqual(['a']);
    queue.resume(queue.getSnapshot()[0]?.id ?? '');
    expect(queue.getSnapshot()[0]?.status).toBe('uploading');
  });
});

describe('UploadQueue: replacing files', () => {
  it('removes the files an upload replaces only once it is stored, and hands the removed keys on', async () => {
    const { runs, upload } = controllable();
    const replace = vi.fn(async (keys: readonly string[]) => ({ removed: keys }));
    const onUploaded = vi.fn();
    const queue = new UploadQueue({ upload, abandon: vi.fn(), replace, onUploaded, describe: String });
    queue.add([{ file: file(10), name: 'a', replaces: ['files/old'] }]);
    runs[0]?.progress(5, 10);
    expect(replace).not.toHaveBeenCalled();
    runs[0]?.finish();
    await settle();
    expect(replace).toHaveBeenCalledWith(['files/old']);
    expect(onUploaded).toHaveBeenCalledWith('a', 'files/a-key', ['files/old']);
    expect(queue.getSnapshot()[0]?.status).toBe('done');
  });

  it('an upload that fails, or is cancelled, removes nothing', async () => {
    const { runs, upload } = controllable();
    const replace = vi.fn(async (keys: readonly string[]) => ({ removed: keys }));
    const queue = new UploadQueue({ upload, abandon: vi.fn(async () => undefined), replace, onUploaded: vi.fn(), describe: String });
    queue.add([{ file: file(10), name: 'a', replaces: ['files/a'] }, { file: file(10), name: 'b', replaces: ['files/b'] }]);
    runs[0]?.fail(new Error('HTTP 500'));
    queue.cancel(queue.getSnapshot()[1]?.id ?? '');
    await settle();
    expect(queue.getSnapshot().map((i) => i.status)).toEqual(['failed', 'cancelled']);
    expect(replace).not.toHaveBeenCalled();
  });

  it('a replaced file that cannot be removed leaves the upload stored, saying so', async () => {
    const { runs, upload } = controllable();
    const replace = vi.fn(async () => ({ removed: [], problem: 'You are offline.' }));
    const onUploaded = vi.fn();
    const queue = new UploadQueue({ upload, abandon: vi.fn(), replace, onUploaded, describe: String });
    queue.add([{ file: file(10), name: 'a', replaces: ['files/old'] }]);
    runs[0]?.finish();
    await settle();
    expect(queue.getSnapshot()[0]).toMatchObject({ status: 'done', error: 'Stored, but the file it replaces could not be removed: You are offline.' });
    expect(onUploaded).toHaveBeenCalledWith('a', 'files/a-key', []);
  });
});

describe('totalsOf', () => {
  it('counts files and plaintext bytes stored of the total, failures, and the time left at the combined speed', async () => {
    let now = 0;
    const { runs, upload } = controllable();
    const queue = new UploadQueue({ upload, abandon: vi.fn(async () => undefined), onUploaded: vi.fn(), describe: String, now: () => now });
    queue.add([{ file: file(1000), name: 'a' }, { file: file(3000), name: 'b' }, { file: file(500), name: 'c' }, { file: file(7), name: 'd' }]);
    runs[0]?.finish();
    runs[1]?.progress(0, 3100);
    now = 1000;
    runs[1]?.progress(1550, 3100);
    queue.cancel(queue.getSnapshot()[3]?.id ?? '');
    await settle();
    expect(totalsOf(queue.getSnapshot())).toEqual({
      files: 3,
      stored: 1,
      failed: 0,
      cancelled: 1,
      sent: 1000 + 1500,
      size: 4500,
      bytesPerSecond: 1500,
      // 1,500 bytes of b and 500 of c (now moving) still to go, at 1,500 bytes a second.
      secondsLeft: 2000 / 1500,
    });
  });
});
