/// <reference lib="webworker" />
/**
 * The benchmark's floor: the work an encrypted upload cannot skip and a plain one never does - reading a part's
 * plaintext from the file into this process and sealing it with AES-GCM - done exactly as the crypto worker does it
 * (the same ChunkReader and Encryptor, part by part, several parts at a time), and nothing else: no Blob, no request.
 * Its CPU cost, set beside a plain upload's, bounds how close an encrypted upload can come to a plain one on the same
 * machine.
 */
import * as Comlink from 'comlink';
import { CHUNK_SIZE, chunkCount, createEncryptor } from '../../src/format';
import { ChunkReader } from '../../src/transfer/upload/chunk-reader';
import { chunkPlainRange } from '../../src/transfer/upload/part-range';

const api = {
  /** Reads and seals parts `first`, `first + step`, ... of `file` cut into `partSize`-byte parts, `inFlight` at a time. */
  async sealParts(file: File, masterKey: CryptoKey, partSize: number, first: number, step: number, inFlight: number): Promise<number> {
    const encryptor = await createEncryptor({
      metadata: { name: file.name, type: 'application/octet-stream', size: file.size, modified: file.lastModified },
      recipients: [{ type: 'vault', masterKey }],
    });
    const chunksPerPart = partSize / CHUNK_SIZE;
    const total = chunkCount(file.size);
    let sealedBytes = 0;
    let next = first;
    const lane = async () => {
      for (let part = next; part * chunksPerPart < total; part = next) {
        next += step;
        const firstChunk = part * chunksPerPart;
        const lastChunk = Math.min(total, firstChunk + chunksPerPart) - 1;
        const plaintext = file.slice(chunkPlainRange(file.size, firstChunk).start, chunkPlainRange(file.size, lastChunk).end);
        const reader = new ChunkReader(plaintext.stream(), CHUNK_SIZE);
        const sealing: Promise<Uint8Array>[] = [];
        for (let index = firstChunk; index <= lastChunk; index++) {
          const { start, end } = chunkPlainRange(file.size, index);
          sealing.push(encryptor.encryptChunk(index, await reader.next(end - start), index === total - 1));
        }
        reader.cancel();
        for (const sealed of await Promise.all(sealing)) sealedBytes += sealed.length;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
    return sealedBytes;
  },
};

/** What the floor worker offers. */
export type FloorWorkerApi = typeof api;

Comlink.expose(api);
