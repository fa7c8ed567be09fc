import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, createEncryptor, createVault, reopenEncryptor, type Encryptor } from '../../format';
import { ChunkReader } from './chunk-reader';
import { partRange } from './part-range';
import { digestChunks, readPart, sealPart } from './seal-part';

const bytes = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 131 + 17) & 0xff);

async function wholeObject(encryptor: Encryptor, plaintext: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const sealed = new Blob([plaintext]).stream().pipeThrough(encryptor.stream());
  return new Uint8Array(await new Response(sealed).arrayBuffer());
}

/** A stream that is not a byte stream, handing out pieces of the given sizes. */
function pieces(data: Uint8Array, sizes: number[]): ReadableStream<Uint8Array> {
  let at = 0;
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= data.length) return controller.close();
      const size = sizes[i++ % sizes.length] as number;
      controller.enqueue(data.slice(at, at + size));
      at += size;
    },
  });
}

describe('ChunkReader', () => {
  const data = bytes(10_000);
  for (const [kind, stream] of [
    ['a Blob stream', () => new Blob([data]).stream()],
    ['a stream of odd pieces', () => pieces(data, [1, 999, 3_001, 77])],
  ] as const) {
    it(`serves consecutive pieces of ${kind}`, async () => {
      const reader = new ChunkReader(stream(), 4_000);
      let at = 0;
      for (const length of [4_000, 1, 2_999, 3_000]) {
        expect(await reader.next(length)).toEqual(data.subarray(at, at + length));
        at += length;
      }
      await expect(reader.next(1)).rejects.toThrow('the file changed');
    });
  }

  it('refuses a piece larger than its buffer', async () => {
    await expect(new ChunkReader(new Blob([data]).stream(), 100).next(101)).rejects.toThrow(RangeError);
  });
});

describe('sealPart', () => {
  it('parts cut anywhere in the object join to exactly the whole encrypted file', async () => {
    const { masterKey } = await createVault('correct horse battery staple', { argon2: { memoryKiB: 8, iterations: 1, parallelism: 1 } });
    const plaintext = bytes(3 * CHUNK_SIZE + 12_345);
    const file = new Blob([plaintext]);
    const encryptor = await createEncryptor({
      metadata: { name: 'f.bin', type: 'application/octet-stream', size: plaintext.length, modified: 0 },
      recipients: [{ type: 'vault', masterKey }],
    });
    const whole = await wholeObject(encryptor, plaintext);
    const part = async (partSize: number, n: number) => {
      const range = partRange(whole.length, encryptor.header.length, partSize, n);
      return new Uint8Array(await (await sealPart(encryptor, encryptor.header, await readPart(encryptor, range, file))).arrayBuffer());
    };
    // 700 000 bytes: parts begin and end inside chunks.
    for (const partSize of [700_000, whole.length]) {
      const parts: Uint8Array[] = [];
      for (let n = 1; (n - 1) * partSize < whole.length; n++) parts.push(await part(partSize, n));
      expect(Buffer.concat(parts).equals(whole)).toBe(true);
    }
    // A part shorter than the header: part 1 holds only header bytes, part 2 the rest of the header and chunk 0.
    const short = encryptor.header.length - 10;
    expect(Buffer.from(await part(short, 1)).equals(whole.subarray(0, short))).toBe(true);
    expect(Buffer.from(await part(short, 2)).equals(whole.subarray(short, 2 * short))).toBe(true);
  });

  it('says the file changed when it is shorter than when it was chosen', async () => {
    const { masterKey } = await createVault('correct horse battery staple', { argon2: { memoryKiB: 8, iterations: 1, parallelism: 1 } });
    const encryptor = await createEncryptor({
      metadata: { name: 'f.bin', type: 'application/octet-stream', size: 2 * CHUNK_SIZE, modified: 0 },
      recipients: [{ type: 'vault', masterKey }],
    });
    const size = encryptor.encryptedSize(2 * CHUNK_SIZE);
    const range = partRange(size, encryptor.header.length, size, 1);
    const shorter = { size: 2 * CHUNK_SIZE, slice: () => new Blob([bytes(CHUNK_SIZE)]) } as unknown as Blob;
    await expect(readPart(encryptor, range, shorter)).rejects.toThrow('the file changed');
  });
});

describe('chunk digests (SPEC 4.4)', () => {
  const plaintext = bytes(3 * CHUNK_SIZE + 99);
  const encryptorOf = async (masterKey: CryptoKey) =>
    createEncryptor({
      metadata: { name: 'f.bin', type: 'application/octet-stream', size: plaintext.length, modified: 0 },
      recipients: [{ type: 'vault', masterKey }],
    });

  it('a part read digests every chunk it overlaps, and seals exactly what it read', async () => {
    const { masterKey } = await createVault('correct horse battery staple', { argon2: { memoryKiB: 8, iterations: 1, parallelism: 1 } });
    const encryptor = await encryptorOf(masterKey);
    const mine = plaintext.slice();
    const file = { size: mine.length, slice: (start: number, end: number) => new Blob([mine.slice(start, end)]) } as unknown as Blob;
    const all = await digestChunks(encryptor, file, 0, 3);
    const whole = await wholeObject(encryptor, mine);
    // A part from inside chunk 1 to the end: chunks 1, 2 and 3.
    const range = partRange(whole.length, encryptor.header.length, 2 * (CHUNK_SIZE + 16), 2);
    expect([range.firstChunk, range.lastChunk]).toEqual([1, 3]);
    const read = await readPart(encryptor, range, file);
    expect(read.digests).toEqual(all.slice(1, 4));
    // Changing the file after the read changes nothing of what is sealed: the part is sealed from what was digested.
    mine.fill(0, CHUNK_SIZE, 3 * CHUNK_SIZE);
    expect(await digestChunks(encryptor, file, 1, 3)).not.toEqual(read.digests);
    const sealed = new Uint8Array(await (await sealPart(encryptor, encryptor.header, read)).arrayBuffer());
    expect(Buffer.from(sealed).equals(whole.subarray(range.objectStart, range.objectEnd))).toBe(true);
  });

  it('digests are keyed by the file key and bound to the chunk index', async () => {
    const { masterKey } = await createVault('correct horse battery staple', { argon2: { memoryKiB: 8, iterations: 1, parallelism: 1 } });
    const file = new Blob([plaintext]);
    const one = await encryptorOf(masterKey);
    const reopened = await reopenEncryptor(one.header, { type: 'vault', masterKey });
    const other = await encryptorOf(masterKey);
    const digests = await digestChunks(one, file, 0, 3);
    expect(await digestChunks(reopened, file, 0, 3)).toEqual(digests);
    expect((await digestChunks(other, file, 0, 3)).some((digest, i) => Buffer.from(digest).equals(digests[i] as Uint8Array))).toBe(false);
    // Not a bare hash of the plaintext, and two equal chunks of one file have different digests.
    const zeros = new Blob([new Uint8Array(2 * CHUNK_SIZE)]);
    const [first, second] = await digestChunks(await createEncryptor({
      metadata: { name: 'z', type: '', size: 2 * CHUNK_SIZE, modified: 0 },
      recipients: [{ type: 'vault', masterKey }],
    }), zeros, 0, 1);
    expect(first).toHaveLength(32);
    expect(Buffer.from(first as Uint8Array).equals(second as Uint8Array)).toBe(false);
    const bare = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(CHUNK_SIZE)));
    expect(Buffer.from(first as Uint8Array).equals(bare)).toBe(false);
    // A changed byte changes the chunk's digest, and only that chunk's.
    const changed = plaintext.slice();
    changed[2 * CHUNK_SIZE + 5] = (changed[2 * CHUNK_SIZE + 5] ?? 0) ^ 1;
    const after = await digestChunks(one, new Blob([changed]), 0, 3);
    expect(after.map((digest, i) => Buffer.from(digest).equals(digests[i] as Uint8Array))).toEqual([true, true, false, true]);
  });
});
