/**
 * Test-only (imported by `*.test.ts` beside it): the upload machinery without a browser. A bucket in memory answers
 * the endpoint's multipart calls and the parts' PUTs (its checks are S3's: a part must be there with its ETag to be
 * completed), a crypto pool runs the crypto worker's own upload code (partOutbox) in this thread, and every chunk any
 * worker seals is logged with a hash of its plaintext, so a test can check SPEC 4.4's rule on everything that ran.
 */
import type { Remote } from 'comlink';
import { expect } from 'vitest';
import { createEncryptor, createVault, openHeader, reopenEncryptor, type Encryptor } from '../../format';
import { planParts } from '../../protocol';
import { ApiError, type ApiClient } from '../api-client';
import type { CryptoWorkerApi } from '../crypto.worker';
import { fileMetadata } from '../file-metadata';
import type { CryptoPool } from '../workers';
import { partOutbox, type UploadKey } from './part-outbox';

/** SHA-256 of some bytes, in hex (WebCrypto, as everywhere in the browser's code). */
async function hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  parts.reduce((at, part) => (out.set(part, at), at + part.length), 0);
  return out;
}

/** A part PUT as the bucket saw it. */
export interface SeenPut {
  uploadId: string;
  partNumber: number;
  body: Uint8Array;
}

/** A multipart upload in the bucket. */
interface BucketUpload {
  key: string;
  parts: Map<number, { bytes: Uint8Array; etag: string }>;
}

/** S3 in memory, for the endpoint client and the part PUTs. */
export class MemoryBucket {
  readonly uploads = new Map<string, BucketUpload>();
  readonly objects = new Map<string, Uint8Array>();
  /** Every part PUT that reached the bucket's door, stored or not; and those answered (or failed) so far. */
  readonly puts: SeenPut[] = [];
  readonly answered: SeenPut[] = [];
  readonly aborted: string[] = [];
  readonly created: string[] = [];
  /** A fault: an answer instead of S3's (then the part is not stored), or a thrown error (a network failure). */
  fault: ((put: SeenPut) => Promise<Response | undefined> | Response | undefined) | undefined;
  private counter = 0;
  private readonly waiting: { done: () => boolean; resolve: () => void }[] = [];

  /** Resolves once `done` holds, checked after each part PUT is answered. */
  until(done: () => boolean): Promise<void> {
    return done() ? Promise.resolve() : new Promise((resolve) => this.waiting.push({ done, resolve }));
  }

  /** Part numbers the bucket holds of an upload. */
  held(uploadId: string): number[] {
    return [...(this.uploads.get(uploadId)?.parts.keys() ?? [])].sort((a, b) => a - b);
  }

  private changed(): void {
    for (const waiter of [...this.waiting]) {
      if (!waiter.done()) continue;
      this.waiting.splice(this.waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  /** The endpoint client (multipart calls only) over this bucket. */
  api(): ApiClient {
    const upload = (uploadId: string) => {
      const found = this.uploads.get(uploadId);
      if (!found) throw new ApiError(404, 'upload_not_found', 'no such upload');
      return found;
    };
    const listAllParts = async (_key: string, uploadId: string) =>
      [...upload(uploadId).parts]
        .sort(([a], [b]) => a - b)
        .map(([partNumber, part]) => ({ partNumber, size: part.bytes.length, etag: part.etag }));
    const multipart: Partial<ApiClient['multipart']> = {
      create: async ({ key, size, chunkSize }) => {
        const uploadId = `upload-${++this.counter}`;
        this.uploads.set(uploadId, { key, parts: new Map() });
        this.created.push(uploadId);
        return { key, uploadId, ...planParts(size, chunkSize) };
      },
      sign: async ({ uploadId, partNumbers }) => ({
        parts: partNumbers.map((n) => ({ partNumber: n, size: 0, url: `https://s3.test/${uploadId}/${n}`, headers: {} })),
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
      listAllParts,
      complete: async ({ key, uploadId, parts }) => {
        const stored = upload(uploadId).parts;
        if (parts.some((part) => stored.get(part.partNumber)?.etag !== part.etag)) throw new ApiError(400, 'invalid_part', 'InvalidPart');
        this.objects.set(key, concat(parts.map((part) => stored.get(part.partNumber)?.bytes ?? new Uint8Array())));
        this.uploads.delete(uploadId);
        return { key };
      },
      abort: async ({ uploadId }) => {
        upload(uploadId);
        this.uploads.delete(uploadId);
        this.aborted.push(uploadId);
        return { aborted: true as const };
      },
    };
    return { multipart } as unknown as ApiClient;
  }

  /** The global fetch of a test: part PUTs to `https://s3.test/<upload id>/<part number>`. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const [, uploadId = '', n = ''] = new URL(String(input)).pathname.split('/');
    const put: SeenPut = { uploadId, partNumber: Number(n), body: new Uint8Array(await new Response(init?.body).arrayBuffer()) };
    this.puts.push(put);
    try {
      const faulty = await this.fault?.(put);
      if (faulty) return faulty;
      const upload = this.uploads.get(uploadId);
      if (!upload) return new Response('<Error><Code>NoSuchUpload</Code></Error>', { status: 404 });
      const etag = `"${(await hex(put.body)).slice(0, 32)}"`;
      upload.parts.set(put.partNumber, { bytes: put.body, etag });
      return new Response(null, { status: 200, headers: { ETag: etag } });
    } finally {
      this.answered.push(put);
      queueMicrotask(() => this.changed());
    }
  };
}

/** One chunk some worker sealed: under which header, which index, and a hash of the plaintext. */
export interface SealedChunk {
  header: Promise<string>;
  index: number;
  plaintext: Promise<string>;
}

/**
 * A crypto pool of `size` in-thread workers running the crypto worker's upload code; `sealed` logs their seals,
 * `reads` the ids of the parts they read.
 */
export function inThreadPool(size = 2): CryptoPool & { sealed: SealedChunk[]; reads: string[] } {
  const sealed: SealedChunk[] = [];
  const reads: string[] = [];
  const logged = (encryptor: Encryptor): Encryptor => ({
    ...encryptor,
    encryptChunk(index, plaintext, last) {
      sealed.push({ header: hex(encryptor.header), index, plaintext: hex(plaintext) }); // hex copies at once
      return encryptor.encryptChunk(index, plaintext, last);
    },
  });
  const workers = Array.from({ length: size }, () => {
    const encryptorFor = async (header: Uint8Array, key: UploadKey) =>
      logged(await reopenEncryptor(header, key instanceof Uint8Array ? { type: 'file-key', fileKey: key } : key instanceof CryptoKey ? { type: 'vault', masterKey: key } : { type: 'vault', ...key }));
    const outbox = partOutbox(encryptorFor);
    return {
      ...outbox,
      readPart: (...args: Parameters<typeof outbox.readPart>) => {
        reads.push(args[0]);
        return outbox.readPart(...args);
      },
      async createHeader(file: File, masterKey: CryptoKey, name: string) {
        return (await createEncryptor({ metadata: fileMetadata(file, name), recipients: [{ type: 'vault', masterKey }] })).header;
      },
    } as unknown as Remote<CryptoWorkerApi>;
  });
  let next = 0;
  return {
    size,
    sealed,
    reads,
    run: (task) => task(workers[next++ % size] as Remote<CryptoWorkerApi>),
    terminate: () => undefined,
  };
}

/** SPEC 4.4: no chunk index was sealed under one header from two different plaintexts. */
export async function expectNoChunkResealedFromOtherPlaintext(sealed: SealedChunk[]): Promise<void> {
  const first = new Map<string, string>();
  const twice: string[] = [];
  for (const chunk of sealed) {
    const [header, plaintext] = await Promise.all([chunk.header, chunk.plaintext]);
    const at = `${header.slice(0, 12)}#${chunk.index}`;
    const seen = first.get(at);
    if (seen === undefined) first.set(at, plaintext);
    else if (seen !== plaintext) twice.push(at);
  }
  expect(twice, 'chunks sealed again under the same key from other plaintext').toEqual([]);
}

/** A vault master key, cheaply derived. */
export async function testMasterKey(): Promise<CryptoKey> {
  return (await createVault('correct horse battery staple', { argon2: { memoryKiB: 8, iterations: 1, parallelism: 1 } })).masterKey;
}

/** The plaintext of a stored Coffer object, authenticated with the vault key. */
export async function openObject(object: Uint8Array, masterKey: CryptoKey): Promise<Uint8Array> {
  const opened = await openHeader(object, { type: 'vault', masterKey });
  const plaintext = new Blob([object.slice(opened.headerLength)]).stream().pipeThrough(opened.decryptStream());
  return new Uint8Array(await new Response(plaintext).arrayBuffer());
}
