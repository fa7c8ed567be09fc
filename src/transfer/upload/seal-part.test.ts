import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, createEncryptor, createVault, type Encryptor } from '../../format';
import { ChunkReader } from './chunk-reader';
import { partRange } from './part-range';
import { sealPart } from './seal-part';

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
      return new Uint8Array(await (await sealPart(encryptor, encryptor.header, range, file)).arrayBuffer());
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
    await expect(sealPart(encryptor, encryptor.header, range, shorter)).rejects.toThrow('the file changed');
  });
});
