/**
 * Reads a file front to back with one Blob.stream(), serving the byte ranges that consecutive parts need.
 * Why: Chromium reads a file ~3x faster as one stream than as many slice().arrayBuffer() calls (measured in
 * shared/notes: ~1.8 vs ~0.54 GB/s). Ranges must come in ascending order; a range may overlap the previous one by
 * up to `overlap` bytes (a chunk shared by two parts), and a gap or a step back restarts the stream there.
 */
export class SequentialReader {
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  /** Bytes read and not yet dropped: file bytes [keptStart, keptStart + kept length). */
  private kept: Uint8Array[] = [];
  private keptStart = 0;
  private keptLength = 0;

  constructor(
    private readonly file: Blob,
    private readonly overlap: number,
  ) {}

  /** A fresh copy of file bytes [start, end). */
  async read(start: number, end: number): Promise<Uint8Array> {
    if (start < this.keptStart || start > this.keptStart + this.keptLength) this.restart(start);
    while (this.keptStart + this.keptLength < end) {
      this.reader ??= this.file.slice(this.keptStart + this.keptLength).stream().getReader();
      const { done, value } = await this.reader.read();
      if (done) throw new Error('the file changed while it was being uploaded: choose it again');
      this.kept.push(value);
      this.keptLength += value.length;
    }
    const window = this.flatten();
    const out = window.slice(start - this.keptStart, end - this.keptStart);
    // Keep only what the next range may share with this one.
    const keepFrom = Math.max(start, end - this.overlap);
    this.kept = [window.subarray(keepFrom - this.keptStart)];
    this.keptLength = window.length - (keepFrom - this.keptStart);
    this.keptStart = keepFrom;
    return out;
  }

  /** Stops reading. */
  close(): void {
    void this.reader?.cancel().catch(() => undefined);
    this.reader = undefined;
  }

  private restart(at: number): void {
    this.close();
    this.kept = [];
    this.keptStart = at;
    this.keptLength = 0;
  }

  private flatten(): Uint8Array {
    if (this.kept.length === 1 && this.kept[0]) return this.kept[0];
    const out = new Uint8Array(this.keptLength);
    let at = 0;
    for (const piece of this.kept) {
      out.set(piece, at);
      at += piece.length;
    }
    this.kept = [out];
    return out;
  }
}
