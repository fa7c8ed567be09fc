import { describe, expect, it } from 'vitest';
import { reportingErrors, servePreview } from './preview-server';

/** A source whose next chunk arrives when the test says. */
function controlledSource() {
  let deliver!: (chunk: Uint8Array | Error) => void;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await new Promise<Uint8Array | Error>((resolve) => (deliver = resolve));
        if (next instanceof Error) controller.error(next);
        else controller.enqueue(next);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, deliver: (chunk: Uint8Array | Error) => deliver(chunk) };
}

describe('reportingErrors', () => {
  it('passes chunks through', async () => {
    const errors: unknown[] = [];
    const source = controlledSource();
    const reader = reportingErrors(source.stream, (e) => errors.push(e)).getReader();
    const read = reader.read();
    await new Promise((resolve) => setTimeout(resolve, 0));
    source.deliver(new Uint8Array([1, 2, 3]));
    expect((await read).value).toEqual(new Uint8Array([1, 2, 3]));
    expect(errors).toEqual([]);
  });

  it('reports a failure of the source and errors the stream with it', async () => {
    const errors: unknown[] = [];
    const source = controlledSource();
    const reader = reportingErrors(source.stream, (e) => errors.push(e)).getReader();
    const read = reader.read();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const failure = new Error('chunk 3 does not authenticate');
    source.deliver(failure);
    await expect(read).rejects.toBe(failure);
    expect(errors).toEqual([failure]);
  });

  it('ends the stream and cancels the source when the preview stops, without reporting an error', async () => {
    const errors: unknown[] = [];
    let sourceCancelled: unknown;
    const source = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined), cancel: (reason) => void (sourceCancelled = reason) });
    const stopper = new AbortController();
    const reader = reportingErrors(source, (e) => errors.push(e), stopper.signal).getReader();
    const read = reader.read();
    const reason = new DOMException('the preview was closed', 'AbortError');
    stopper.abort(reason);
    await expect(read).rejects.toBe(reason);
    expect(sourceCancelled).toBe(reason);
    expect(errors).toEqual([]);
  });

  it('does not report a cancel by the reader, even with a read pending', async () => {
    const errors: unknown[] = [];
    const source = controlledSource();
    const reader = reportingErrors(source.stream, (e) => errors.push(e)).getReader();
    const read = reader.read();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await reader.cancel('the player seeked');
    expect((await read).done).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(errors).toEqual([]);
  });
});

describe('servePreview', () => {
  it.each(['application/pdf', 'image/svg+xml', 'text/html', 'video/x+xml', ''])('serves no %j: only audio and video of the inert types', (contentType) => {
    const source = { size: 3, contentType, read: () => new ReadableStream<Uint8Array>(), onError: () => undefined };
    expect(() => servePreview(source)).toThrow(/could run script when opened/);
  });
});
