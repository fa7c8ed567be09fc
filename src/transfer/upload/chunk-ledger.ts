/**
 * The chunk digests of one upload (SPEC 4.4: a chunk index is sealed again only from byte-identical plaintext), as
 * the main thread holds them while parts are staged. Parts overlap at their edges - a part boundary falls inside a
 * chunk - so two parts staged at the same time in two workers may seal the same chunk; the ledger is where the second
 * is checked against the first, atomically, since only the main thread writes it.
 */
import type { PartRecord } from './resume-store';

function sameDigest(a: Uint8Array, b: Uint8Array): boolean {
  // Not constant-time, and need not be: a digest is compared with one computed here from the file, not with input
  // someone else chose.
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Chunk index -> digest of the plaintext it was sealed from. */
export class ChunkLedger {
  private readonly digests = new Map<number, Uint8Array>();

  /**
   * The ledger of what earlier sessions recorded; undefined when two records disagree about a chunk (which the
   * ledger never lets happen, so the state was changed behind its back: start over).
   */
  static of(records: Iterable<PartRecord>): ChunkLedger | undefined {
    const ledger = new ChunkLedger();
    for (const record of records) {
      if (ledger.claim(record.firstChunk, record.digests) !== undefined) return undefined;
    }
    return ledger;
  }

  /** The recorded digests of chunks first..last (inclusive), undefined for each chunk not sealed before. */
  known(first: number, last: number): (Uint8Array | undefined)[] {
    return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => this.digests.get(first + i));
  }

  /** True when every chunk first..last has a digest. */
  covers(first: number, last: number): boolean {
    return this.known(first, last).every((digest) => digest !== undefined);
  }

  /**
   * Records the digests of chunks from `first` on, each checked against the one already recorded. Returns the first
   * chunk whose digest differs (nothing is recorded then), or undefined when all agree or are new (all recorded).
   */
  claim(first: number, digests: readonly Uint8Array[]): number | undefined {
    const differs = digests.findIndex((digest, i) => {
      const known = this.digests.get(first + i);
      return known !== undefined && !sameDigest(known, digest);
    });
    if (differs !== -1) return first + differs;
    digests.forEach((digest, i) => this.digests.set(first + i, digest));
    return undefined;
  }

  /** Every recorded chunk, in index order, as runs of consecutive indexes with their digests. */
  runs(longest: number): { first: number; digests: Uint8Array[] }[] {
    const out: { first: number; digests: Uint8Array[] }[] = [];
    for (const index of [...this.digests.keys()].sort((a, b) => a - b)) {
      const run = out.at(-1);
      const digest = this.digests.get(index) as Uint8Array;
      if (run && run.first + run.digests.length === index && run.digests.length < longest) run.digests.push(digest);
      else out.push({ first: index, digests: [digest] });
    }
    return out;
  }
}

/** The file is no longer what was sealed under its upload's key (SPEC 4.4): that upload cannot go on. */
export class FileChangedError extends Error {
  constructor() {
    super('the file changed while it was being uploaded: choose it again');
    this.name = 'FileChangedError';
  }
}
