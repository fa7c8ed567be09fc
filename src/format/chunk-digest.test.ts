import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, createEncryptor, reopenEncryptor } from './index';
import { parseHeader } from './header';
import { createVault } from './vault';
import { meta, pattern, sameBytes, TEST_ARGON2 } from './test-helpers';

describe('chunk digests (SPEC 4.4)', () => {
  it('are HMAC-SHA-256(HKDF(file key, file salt, "coffer/v1 chunk-digest"), i as u64 || plaintext), as the spec says', async () => {
    const { masterKey } = await createVault('pw', { argon2: TEST_ARGON2 });
    const plaintext = pattern(CHUNK_SIZE + 10);
    const enc = await createEncryptor({ metadata: meta(plaintext.length), recipients: [{ type: 'vault', masterKey }] });
    // Computed here from the spec's words with WebCrypto alone.
    const base = await crypto.subtle.importKey('raw', enc.fileKey, 'HKDF', false, ['deriveKey']);
    const info = new TextEncoder().encode('coffer/v1 chunk-digest');
    const salt = new Uint8Array(parseHeader(enc.header).salt);
    const key = await crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info }, base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']);
    const chunk = plaintext.subarray(CHUNK_SIZE);
    const message = new Uint8Array(8 + chunk.length);
    message[7] = 1;
    message.set(chunk, 8);
    const expected = new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
    expect(sameBytes(await enc.digestChunk(1, chunk), expected)).toBe('same');
    // The same for the encryptor reopened from the header (a resumed upload), and only for that file's key.
    const again = await reopenEncryptor(enc.header, { type: 'vault', masterKey });
    expect(sameBytes(await again.digestChunk(1, chunk), expected)).toBe('same');
    const other = await createEncryptor({ metadata: meta(plaintext.length), recipients: [{ type: 'vault', masterKey }] });
    expect(sameBytes(await other.digestChunk(1, chunk), expected)).not.toBe('same');
    await expect(enc.digestChunk(2, chunk)).rejects.toThrow(RangeError);
  });
});
