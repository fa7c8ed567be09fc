/**
 * Saving a decrypted download, whatever its source (a vault file, a share link, a file request's inbox): streamed to
 * disk through the download service worker when large, else collected in memory and saved as a Blob.
 */
import { saveBlob } from './save-blob';
import { canStreamDownloads, streamToDisk } from './stream-to-disk';

/** Files up to this size are decrypted into memory and saved as a Blob; larger ones stream to disk. */
export const IN_MEMORY_LIMIT = 32 * 1024 * 1024;

/**
 * Saves `stream` (plaintext in buffers of its own, as a range reader gives it) under the file's name. Resolves once
 * `done` does - every byte authenticated and handed over - and rejects with why it could not be.
 */
export async function saveDecrypted(
  stream: ReadableStream<Uint8Array>,
  done: Promise<void>,
  file: { name: string; size: number },
): Promise<void> {
  if (file.size > IN_MEMORY_LIMIT && canStreamDownloads()) {
    await streamToDisk(stream, file.name, file.size, true);
    await done;
    return;
  }
  const blob = new Blob(await chunksOf(stream));
  await done;
  saveBlob(blob, file.name);
}

/**
 * Every chunk of a stream, read by hand: Response.blob() would turn the stream's own error (a chunk that does not
 * authenticate, a lost connection) into a bare TypeError "Failed to fetch", which reads as a lost connection.
 */
async function chunksOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>[]> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value as Uint8Array<ArrayBuffer>);
  return chunks;
}
