/**
 * The transfer benchmark's baseline: the file's own bytes up and down through the same machinery as Coffer's
 * transfers - the same part plan, part signer and PARTS_IN_FLIGHT lanes up; the same chunked Range reader down - with
 * nothing encrypted or decrypted, so that the difference is what encryption costs. Only the benchmark has a plain path.
 */
import { CHUNK_SIZE, SEALED_CHUNK_SIZE } from '../../src/format';
import type { ApiClient } from '../../src/transfer/api-client';
import { createChunkReader } from '../../src/transfer/download/range-reader';
import { httpError, isExpiredSignature, isTransient, withRetries } from '../../src/transfer/retry';
import { sendInLanes } from '../../src/transfer/upload/part-lanes';
import { PartSigner } from '../../src/transfer/upload/part-signer';

/** Uploads `file` as it is under `key` (a multipart upload of S3's part plan); reports bytes S3 confirmed. */
export async function uploadPlain(api: ApiClient, file: File, key: string, onProgress: (confirmed: number, total: number) => void): Promise<string> {
  const created = await api.multipart.create({ key, size: file.size, chunkSize: SEALED_CHUNK_SIZE });
  const upload = { key: created.key, uploadId: created.uploadId, objectSize: file.size, partSize: created.partSize, partCount: created.partCount };
  const queue = Array.from({ length: upload.partCount }, (_, i) => i + 1);
  const signer = new PartSigner(api, upload, () => queue);
  const etags = new Map<number, string>();
  let done = 0;
  await sendInLanes(queue, new AbortController().signal, async (partNumber, signal) => {
    const start = (partNumber - 1) * upload.partSize;
    const body = file.slice(start, Math.min(file.size, start + upload.partSize));
    const etag = await withRetries(
      async () => {
        const signed = await signer.get(partNumber);
        const response = await fetch(signed.url, { method: 'PUT', body, headers: signed.headers, signal });
        if (!response.ok) throw await httpError(response, `store part ${partNumber}`);
        await response.arrayBuffer();
        const tag = response.headers.get('ETag');
        if (!tag) throw new Error('the storage hid the ETag header: its CORS rule must expose ETag');
        return tag;
      },
      { signal, onRetry: (error) => (isExpiredSignature(error) ? signer.forget(partNumber) : undefined) },
    );
    etags.set(partNumber, etag);
    done += body.size;
    onProgress(done, file.size);
  });
  const parts = [...etags].sort(([a], [b]) => a - b).map(([partNumber, etag]) => ({ partNumber, etag }));
  await withRetries(() => api.multipart.complete({ key: upload.key, uploadId: upload.uploadId, parts }), { retryable: isTransient });
  return upload.key;
}

/** A plain object of `size` bytes as a stream of its CHUNK_SIZE chunks, read as a download reads a sealed one. */
export function plainStream(signUrl: () => Promise<string>, size: number): { stream: ReadableStream<Uint8Array>; done: Promise<void> } {
  return createChunkReader(
    { signUrl },
    {
      size,
      objectSize: size,
      stride: CHUNK_SIZE,
      offsetOf: (index) => index * CHUNK_SIZE,
      lengthOf: (index) => Math.min(CHUNK_SIZE, size - index * CHUNK_SIZE),
      // Released as it was received: its buffer goes on with the plaintext.
      open: (_index, received) => Promise.resolve(received),
    },
  ).readAll();
}
