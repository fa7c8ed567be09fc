import { describe, expect, it } from 'vitest';
import { concat } from './bytes';
import { decryptStream, openHeader } from './decrypt';
import { createEncryptor } from './encrypt';
import { parseHeader } from './header';
import { createRecipientKeyPair, openRecipientKeyPair } from './recipient-key';
import { rewrapHeader } from './rewrap';
import { meta, pattern, run, TEST_ARGON2 } from './test-helpers';
import { createVault } from './vault';

async function guestFile(size: number) {
  const { masterKey } = await createVault('rewrap test passphrase', { argon2: TEST_ARGON2 });
  const pair = await createRecipientKeyPair(masterKey);
  const identity = await openRecipientKeyPair(masterKey, pair.object);
  const plaintext = pattern(size, 7);
  const encryptor = await createEncryptor({ metadata: meta(size), recipients: [{ type: 'public-key', publicKey: pair.publicKey }] });
  const payload = (await run(encryptor.stream(), plaintext)).output.subarray(encryptor.header.length);
  return { masterKey, identity, plaintext, header: encryptor.header, payload };
}

describe('rewrapHeader', () => {
  it('moves a guest file to the vault: new stanza and MAC, same salt and sealed metadata, payload unchanged', async () => {
    const { masterKey, identity, plaintext, header, payload } = await guestFile(1_100_000);
    const { header: rewrapped, oldHeaderLength } = await rewrapHeader(header, identity, [{ type: 'vault', masterKey }]);
    expect(oldHeaderLength).toBe(header.length);
    const before = parseHeader(header);
    const after = parseHeader(rewrapped);
    expect(after.stanzas.map((s) => s.type)).toEqual(['vault']);
    expect(after.salt).toEqual(before.salt);
    expect(after.sealedMetadata).toEqual(before.sealedMetadata);
    const opened = await openHeader(rewrapped, { type: 'vault', masterKey });
    expect(opened.metadata).toEqual(meta(plaintext.length));
    const { output, error } = await run(decryptStream({ type: 'vault', masterKey }), concat(rewrapped, payload));
    expect(error).toBeUndefined();
    expect(output).toEqual(plaintext);
    await expect(openHeader(rewrapped, identity)).rejects.toMatchObject({ code: 'no-matching-recipient' });
  });

  it('refuses a header the identity does not open, and an empty recipient list', async () => {
    const { masterKey, identity, header } = await guestFile(10);
    await expect(rewrapHeader(header, { type: 'vault', masterKey }, [{ type: 'vault', masterKey }])).rejects.toMatchObject({
      code: 'no-matching-recipient',
    });
    const changed = header.slice();
    changed[40] = (changed[40] ?? 0) ^ 1;
    await expect(rewrapHeader(changed, identity, [{ type: 'vault', masterKey }])).rejects.toMatchObject({ code: 'wrong-key' });
    await expect(rewrapHeader(header, identity, [])).rejects.toThrow(RangeError);
  });
});
