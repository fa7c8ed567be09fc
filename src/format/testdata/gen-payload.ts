/** Payload vectors: sizes around the chunk size, and every payload failure rule. */
import { concat } from '../bytes';
import { CHUNK_SIZE } from '../constants';
import { deriveFileKeys } from '../keys';
import { chunkCount, sealChunk } from '../payload';
import { pattern } from '../test-helpers';
import { add, build, chunkAt, craft, file, flip, withKey, withVault } from './gen-kit';

for (const [label, size] of [['empty', 0], ['one_byte', 1], ['chunk_minus_one', CHUNK_SIZE - 1], ['chunk', CHUNK_SIZE], ['chunk_plus_one', CHUNK_SIZE + 1], ['three_chunks', 2 * CHUNK_SIZE + 1000]] as const) {
  add(`payload_${label}`, `${size} bytes, ${chunkCount(size)} chunk(s), opened with the vault master key`, async () => {
    const b = await build(`payload_${label}`, size);
    return withVault(b, file(b));
  });
}
add('payload_flip_first_chunk', 'one bit of the only chunk flipped', async () => { const b = await build('flip1', 1000); return withKey(b, flip(file(b), chunkAt(b, 0) + 10), 'error tampered'); });
add('payload_flip_tag', 'one bit of the final tag flipped', async () => { const b = await build('fliptag', 1000); return withKey(b, flip(file(b), -1), 'error tampered'); });
add('payload_flip_second_chunk', 'second chunk changed: the first is released, then failure', async () => {
  const b = await build('flip2', CHUNK_SIZE + 1000);
  return withKey(b, flip(file(b), chunkAt(b, 1) + 3), 'error tampered', b.plaintext.subarray(0, CHUNK_SIZE));
});
add('payload_truncated_mid_chunk', 'last 10 bytes cut', async () => { const b = await build('trmid', 1000); return withKey(b, file(b).subarray(0, -10), 'error truncated'); });
add('payload_truncated_at_boundary', 'final chunk dropped at a chunk boundary', async () => {
  const b = await build('trbound', CHUNK_SIZE + 1000);
  return withKey(b, concat(b.header, b.chunks[0] ?? new Uint8Array(0)), 'error truncated', b.plaintext.subarray(0, CHUNK_SIZE));
});
add('payload_truncated_no_payload', 'header only', async () => { const b = await build('trnone', 1000); return withKey(b, b.header, 'error truncated'); });
add('payload_dropped_middle_chunk', 'chunk 1 of 3 removed', async () => {
  const b = await build('drop', 2 * CHUNK_SIZE + 1000);
  return withKey(b, concat(b.header, b.chunks[0] ?? new Uint8Array(0), b.chunks[2] ?? new Uint8Array(0)), 'error truncated', b.plaintext.subarray(0, CHUNK_SIZE));
});
add('payload_reordered_chunks', 'chunks 0 and 1 swapped', async () => {
  const b = await build('reorder', 2 * CHUNK_SIZE + 1000);
  const [c0, c1, c2] = b.chunks as [Uint8Array, Uint8Array, Uint8Array];
  return withKey(b, concat(b.header, c1, c0, c2), 'error tampered');
});
add('payload_repeated_chunk', 'chunk 0 sent again in place of chunk 1', async () => {
  const b = await build('repeat', 2 * CHUNK_SIZE + 1000);
  const [c0, , c2] = b.chunks as [Uint8Array, Uint8Array, Uint8Array];
  return withKey(b, concat(b.header, c0, c0, c2), 'error tampered', b.plaintext.subarray(0, CHUNK_SIZE));
});
add('payload_final_not_flagged', 'the only chunk sealed with last-chunk flag 0', async () => {
  const b = await build('noflag', 1000);
  const keys = await deriveFileKeys(b.fileKey, b.header.subarray(16, 48));
  return withKey(b, concat(b.header, await sealChunk(keys.payload, 0, false, b.plaintext)), 'error tampered');
});
add('payload_flag_set_early', 'chunk 0 of 2 sealed with last-chunk flag 1', async () => {
  const b = await build('earlyflag', CHUNK_SIZE + 1000);
  const keys = await deriveFileKeys(b.fileKey, b.header.subarray(16, 48));
  const c0 = await sealChunk(keys.payload, 0, true, b.plaintext.subarray(0, CHUNK_SIZE));
  return withKey(b, concat(b.header, c0, b.chunks[1] ?? new Uint8Array(0)), 'error tampered');
});
add('payload_trailing_byte', 'one byte after the final chunk', async () => { const b = await build('trail', 1000); return withKey(b, concat(file(b), new Uint8Array([0])), 'error trailing-data'); });
add('payload_trailing_chunk', 'a valid-looking chunk 1 after the final chunk 0', async () => {
  const b = await build('trailchunk', 1000);
  const keys = await deriveFileKeys(b.fileKey, b.header.subarray(16, 48));
  return withKey(b, concat(file(b), await sealChunk(keys.payload, 1, true, new Uint8Array(10))), 'error trailing-data');
});
add('payload_size_larger_than_payload', 'authentic metadata says 2000 bytes, the payload holds 1000', async () => {
  const b = await craft('sizebig', { size: 2000, plaintext: pattern(1000, 5) });
  const keys = await deriveFileKeys(b.fileKey, b.header.subarray(16, 48));
  return withKey(b, concat(b.header, await sealChunk(keys.payload, 0, true, b.plaintext)), 'error truncated');
});
add('payload_size_smaller_than_payload', 'authentic metadata says 1000 bytes, the payload holds 2000', async () => {
  const b = await craft('sizesmall', { size: 1000, plaintext: pattern(1000, 5) });
  const keys = await deriveFileKeys(b.fileKey, b.header.subarray(16, 48));
  return withKey(b, concat(b.header, await sealChunk(keys.payload, 0, true, pattern(2000, 5))), 'error trailing-data');
});
add('payload_from_other_file', 'header of one file, payload of another', async () => {
  const a = await build('swapA', 1000);
  const b = await build('swapB', 1000);
  return withKey(a, concat(a.header, ...b.chunks), 'error tampered');
});

