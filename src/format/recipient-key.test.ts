import { describe, expect, it } from 'vitest';
import { createEncryptor } from './encrypt';
import { openHeader } from './decrypt';
import {
  createRecipientKeyPair,
  KEYPAIR_MAGIC,
  openRecipientKeyPair,
  recipientKeyFingerprint,
  recipientPublicKey,
} from './recipient-key';
import { TEST_ARGON2 } from './test-helpers';
import { createVault } from './vault';

async function vaultKey(): Promise<CryptoKey> {
  return (await createVault('recipient key test passphrase', { argon2: TEST_ARGON2 })).masterKey;
}

describe('the vault recipient key pair', () => {
  it('opens with its vault and decrypts what was encrypted to its public key', async () => {
    const masterKey = await vaultKey();
    const { object, publicKey } = await createRecipientKeyPair(masterKey);
    expect(object.subarray(0, 8)).toEqual(KEYPAIR_MAGIC);
    expect(recipientPublicKey(object)).toEqual(publicKey);
    const identity = await openRecipientKeyPair(masterKey, object);
    expect(identity.privateKey.extractable).toBe(false);
    const metadata = { name: 'from a guest.txt', type: 'text/plain', size: 3, modified: 0 };
    const encryptor = await createEncryptor({ metadata, recipients: [{ type: 'public-key', publicKey }] });
    expect((await openHeader(encryptor.header, identity)).metadata).toEqual(metadata);
  });

  it('refuses another vault, a changed public key and a changed sealed key alike', async () => {
    const masterKey = await vaultKey();
    const { object } = await createRecipientKeyPair(masterKey);
    await expect(openRecipientKeyPair(await vaultKey(), object)).rejects.toMatchObject({ code: 'wrong-key' });
    for (const at of [20, object.length - 1]) {
      const changed = object.slice();
      changed[at] = (changed[at] ?? 0) ^ 1;
      await expect(openRecipientKeyPair(masterKey, changed)).rejects.toMatchObject({ code: 'wrong-key' });
    }
    await expect(openRecipientKeyPair(masterKey, object.subarray(0, object.length - 1))).rejects.toMatchObject({ code: 'malformed-settings' });
    const newer = object.slice();
    newer[11] = 2;
    await expect(openRecipientKeyPair(masterKey, newer)).rejects.toMatchObject({ code: 'unsupported-version' });
  });

  it('has a 128-bit fingerprint in eight groups of four hex digits', async () => {
    const fingerprint = await recipientKeyFingerprint(new Uint8Array(32));
    // SHA-256 of 32 zero bytes starts 66687aadf862bd776c8fc18b8e9f8e20.
    expect(fingerprint).toBe('6668 7aad f862 bd77 6c8f c18b 8e9f 8e20');
  });
});
