/** Messages between the bench page and its workers. */

/** Encrypt this Blob through the Coffer pipeline and report how long it took. */
export interface Job {
  blob: Blob;
}

/** A worker's answer: bytes in, bytes out, milliseconds spent in the pipeline. */
export interface JobResult {
  plaintext: number;
  ciphertext: number;
  ms: number;
}

/** One benchmark figure. */
export interface Figure {
  name: string;
  bytes: number;
  ms: number;
}
