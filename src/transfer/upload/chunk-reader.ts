/**
 * Reads a stream of bytes in pieces of the lengths asked for, copied into one buffer that is reused from piece to
 * piece, so that sealing a part allocates no plaintext buffers of its own.
 * Why not a BYOB reader, which would read straight into the buffer: in Chromium 156 a BYOB read of a Blob's stream
 * now and then never settled (seen in about one upload of 512 MiB in five, in a dedicated worker); default reads did not.
 */
export class ChunkReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly buffer: ArrayBuffer;
  /** Bytes the stream gave beyond the last piece. */
  private leftover: Uint8Array = new Uint8Array(0);

  constructor(stream: ReadableStream<Uint8Array>, largestPiece: number) {
    this.reader = stream.getReader();
    this.buffer = new ArrayBuffer(largestPiece);
  }

  /**
   * The next `length` bytes, as a view that is only valid until the next call (its buffer is reused then). Rejects
   * when the stream ends first.
   */
  async next(length: number): Promise<Uint8Array<ArrayBuffer>> {
    if (length > this.buffer.byteLength) throw new RangeError(`transfer: internal error: a piece of ${length} bytes does not fit`);
    const out = new Uint8Array(this.buffer, 0, length);
    for (let filled = 0; filled < length; ) {
      if (this.leftover.length === 0) {
        const { done, value } = await this.reader.read();
        if (done) throw new Error('the file changed while it was being uploaded: choose it again');
        this.leftover = value;
      }
      const take = Math.min(this.leftover.length, length - filled);
      out.set(this.leftover.subarray(0, take), filled);
      this.leftover = this.leftover.subarray(take);
      filled += take;
    }
    return out;
  }

  /** Stops reading. */
  cancel(): void {
    void this.reader.cancel().catch(() => undefined);
  }
}
