import { describe, expect, it } from 'vitest';
import { createEncryptor, FormatError, openHeader, PASSWORD_WRAPPED_KEY_LENGTH, unwrapKeyWithPassword, wrapKeyWithPassword } from './index';
import { meta, TEST_ARGON2 } from './test-helpers';

const fileKey = crypto.getRandomValues(new Uint8Array(32));
const code = (e: unknown) => (e instanceof FormatError ? e.code : String(e));

describe('password-wrapped file keys (share links)', () => {
  it('wraps a file key that opens the file after unwrapping with the same (NFC-normalised) password', async () => {
    const enc = await createEncryptor({ metadata: meta(3), recipients: [{ type: 'public-key', publicKey: new Uint8Array(32).fill(9) }], fileKey });
    const wrapped = await wrapKeyWithPassword(fileKey, 'caf\u00e9', { argon2: TEST_ARGON2 });
    expect(wrapped.length).toBe(PASSWORD_WRAPPED_KEY_LENGTH);
    const unwrapped = await unwrapKeyWithPassword(wrapped, 'cafe\u0301');
    expect((await openHeader(enc.header, { type: 'file-key', fileKey: unwrapped })).metadata).toEqual(meta(3));
  });

  it('says wrong-key for a wrong password or a changed byte, and never returns a key', async () => {
    const wrapped = await wrapKeyWithPassword(fileKey, 'right', { argon2: TEST_ARGON2 });
    expect(code(await unwrapKeyWithPassword(wrapped, 'wrong').catch((e: unknown) => e))).toBe('wrong-key');
    const flipped = wrapped.slice();
    flipped[40] = (flipped[40] ?? 0) ^ 1;
    expect(code(await unwrapKeyWithPassword(flipped, 'right').catch((e: unknown) => e))).toBe('wrong-key');
  });

  it('refuses a cost above the cap before deriving, and a body of the wrong length', async () => {
    const wrapped = await wrapKeyWithPassword(fileKey, 'right', { argon2: TEST_ARGON2 });
    const costly = wrapped.slice();
    new DataView(costly.buffer).setUint32(0, 1 << 30);
    expect(code(await unwrapKeyWithPassword(costly, 'right').catch((e: unknown) => e))).toBe('limits-exceeded');
    expect(code(await unwrapKeyWithPassword(wrapped.subarray(1), 'right').catch((e: unknown) => e))).toBe('malformed-header');
  });
});
