import { describe, expect, it, vi } from 'vitest';
import { UploadQueue, type UploadQueueDeps } from './upload-queue';

/** An upload that reports progress when told and finishes or fails when told. */
function controllable() {
  const runs: { name: string; signal: AbortSignal; progress: (c: number, t: number) => void; finish: () => void; fail: (e: unknown) => void }[] = [];
  const upload: UploadQueueDeps<string>['upload'] = (_file, name, signal, progress) =>
    new Promise((resolve, reject) => {
      runs.push({ name, signal, progress, finish: () => resolve(`files/${name}-key`), fail: reject });
      signal.addEventListener('abort', () => reject(signal.reason));
    });
  return { runs, upload };
}

const file = (size: number) => new File([new Uint8Array(size)], 'f.bin');
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('UploadQueue', () => {
  it('runs files two at a time, reports bytes and speed, and tells when each is stored', async () => {
    let now = 0;
    const { runs, upload } = controllable();
    const onUploaded = vi.fn();
    const queue = new UploadQueue({ upload, abandon: vi.fn(), onUploaded, describe: String, now: () => now });
    queue.add([{ file: file(10), name: 'a' }, { file: file(10), name: 'b' }, { file: file(10), name: 'c' }]);
    expect(queue.getSnapshot().map((i) => i.status)).toEqual(['uploading', 'uploading', 'queued']);

    runs[0]?.progress(0, 1000);
    now = 1000;
    runs[0]?.progress(500, 1000);
    expect(queue.getSnapshot()[0]).toMatchObject({ confirmed: 500, total: 1000, bytesPerSecond: 500 });

    runs[0]?.finish();
    await settle();
    expect(onUploaded).toHaveBeenCalledWith('a', 'files/a-key');
    expect(queue.getSnapshot().map((i) => i.status)).toEqual(['done', 'uploading', 'uploading']);
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

  it('shows a failure in words and can retry it', async () => {
    const { runs, upload } = controllable();
    const queue = new UploadQueue({ upload, abandon: vi.fn(), onUploaded: vi.fn(), describe: () => 'You are offline.' });
    queue.add([{ file: file(10), name: 'a' }]);
    runs[0]?.fail(new TypeError('Failed to fetch'));
    await settle();
    expect(queue.getSnapshot()[0]).toMatchObject({ status: 'failed', error: 'You are offline.' });
    queue.resume(queue.getSnapshot()[0]?.id ?? '');
    expect(queue.getSnapshot()[0]?.status).toBe('uploading');
  });
});
