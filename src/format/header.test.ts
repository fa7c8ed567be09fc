import { describe, expect, it } from 'vitest';
import { createEncryptor, FormatError, generateRecipientKeyPair, headerLength, HEADER_PREFIX_LENGTH, MAX_HEADER_LENGTH, openHeader, type Recipient } from './index';
import { hasX25519, keyPairFrom } from './public-key';
import { meta, TEST_ARGON2 } from './test-helpers';
import { CURVE_P256 } from './constants';

const code = async (p: Promise<unknown> | (() => unknown)): Promise<string> => {
  try {
    await (typeof p === 'function' ? p() : p);
    return 'success';
  } catch (e) {
    return e instanceof FormatError ? e.code : `crash ${String(e)}`;
  }
};

describe('header', () => {
  it('rejects non-Coffer bytes, other versions and oversize lengths from the prefix alone', async () => {
    const enc = await createEncryptor({ metadata: meta(1), recipients: [{ type: 'passphrase', passphrase: 'x', argon2: TEST_ARGON2 }] });
    const prefix = enc.header.slice(0, HEADER_PREFIX_LENGTH);
    expect(await code(() => headerLength(new TextEncoder().encode('%PDF-1.7 not a coffer file')))).toBe('not-coffer');
    expect(await code(() => headerLength(prefix.subarray(0, 10)))).toBe('truncated');
    const v2 = prefix.slice();
    v2[11] = 2;
    expect(await code(() => headerLength(v2))).toBe('unsupported-version');
    const big = prefix.slice();
    new DataView(big.buffer).setUint32(12, MAX_HEADER_LENGTH + 1);
    expect(await code(() => headerLength(big))).toBe('limits-exceeded');
  });

  it('never tells a wrong key from a changed header', async () => {
    const enc = await createEncryptor({ metadata: meta(1), recipients: [{ type: 'passphrase', passphrase: 'right', argon2: TEST_ARGON2 }] });
    const wrong = await openHeader(enc.header, { type: 'passphrase', passphrase: 'wrong' }).catch((e: unknown) => e);
    const changed = enc.header.slice();
    changed[changed.length - 50] = (changed[changed.length - 50] ?? 0) ^ 1;
    const tampered = await openHeader(changed, { type: 'passphrase', passphrase: 'right' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(FormatError);
    expect(tampered).toBeInstanceOf(FormatError);
    expect(String(wrong)).toBe(String(tampered));
    expect((wrong as FormatError).message).toBe('wrong passphrase or key, or the file was changed');
  });

  it('says when a file has no stanza for this kind of identity', async () => {
    const pair = await generateRecipientKeyPair();
    const enc = await createEncryptor({ metadata: meta(1), recipients: [{ type: 'public-key', publicKey: pair.publicKey }] });
    expect(await code(openHeader(enc.header, { type: 'passphrase', passphrase: 'x' }))).toBe('no-matching-recipient');
  });

  it('uses X25519 where the platform has it, and P-256 recipients still work', async () => {
    expect(await hasX25519()).toBe(true);
    expect((await generateRecipientKeyPair()).publicKey.length).toBe(32);
    const p256 = await keyPairFrom(CURVE_P256, (n) => crypto.getRandomValues(new Uint8Array(n)));
    const recipients: Recipient[] = [{ type: 'public-key', publicKey: p256.publicKey }];
    const enc = await createEncryptor({ metadata: meta(1), recipients });
    await expect(openHeader(enc.header, { type: 'private-key', ...p256 })).resolves.toMatchObject({ headerLength: enc.header.length });
  });

  it('refuses metadata the format cannot hold', async () => {
    const recipients: Recipient[] = [{ type: 'vault', masterKey: await crypto.subtle.importKey('raw', new Uint8Array(32), 'HKDF', false, ['deriveKey']) }];
    await expect(createEncryptor({ metadata: { ...meta(1), name: 'x'.repeat(5000) }, recipients })).rejects.toThrow(RangeError);
    await expect(createEncryptor({ metadata: meta(-1), recipients })).rejects.toThrow(RangeError);
    await expect(createEncryptor({ metadata: meta(1), recipients: [] })).rejects.toThrow(RangeError);
  });
});
