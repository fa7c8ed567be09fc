/**
 * Signs part URLs shortly before use, in small batches, and signs again when a URL is near or past its expiry.
 */
import type { ApiClient } from '../api-client';

/** A signed part upload: where to PUT, and the headers to send. */
export interface SignedPart {
  url: string;
  headers: Record<string, string>;
  expiresAt: number;
}

/** How far ahead parts are signed in one call. */
const BATCH = 8;
/** A URL with less life than this left is signed again before use. */
const MARGIN_MS = 60_000;

/** Signs the parts of one multipart upload on demand. */
export class PartSigner {
  private readonly signed = new Map<number, Promise<SignedPart>>();

  constructor(
    private readonly api: ApiClient,
    private readonly upload: { key: string; uploadId: string; objectSize: number; partSize: number; partCount: number },
    /** Parts that still need uploading, in order (batches take the next ones from here). */
    private readonly pending: () => number[],
  ) {}

  /** A fresh URL for a part. */
  async get(partNumber: number): Promise<SignedPart> {
    const cached = this.signed.get(partNumber);
    if (cached) {
      const part = await cached.catch(() => undefined);
      if (part && part.expiresAt - Date.now() > MARGIN_MS) return part;
      this.signed.delete(partNumber);
    }
    this.signBatch(partNumber);
    return this.signed.get(partNumber) as Promise<SignedPart>;
  }

  /** Forgets a part's URL (after S3 said it expired). */
  forget(partNumber: number): void {
    this.signed.delete(partNumber);
  }

  private signBatch(first: number): void {
    const later = this.pending().filter((n) => n > first && !this.signed.has(n));
    const numbers = [first, ...later.slice(0, BATCH - 1)];
    const batch = this.api.multipart
      .sign({
        key: this.upload.key,
        uploadId: this.upload.uploadId,
        size: this.upload.objectSize,
        partSize: this.upload.partSize,
        partNumbers: numbers,
      })
      .then((response) => {
        const expiresAt = Date.parse(response.expiresAt);
        return new Map(response.parts.map((p) => [p.partNumber, { url: p.url, headers: p.headers, expiresAt }]));
      });
    for (const n of numbers) {
      this.signed.set(
        n,
        batch.then((parts) => {
          const part = parts.get(n);
          if (!part) throw new Error(`the endpoint did not sign part ${n}`);
          return part;
        }),
      );
    }
  }
}
