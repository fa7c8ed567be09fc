import { describe, expect, it } from 'vitest';
import { concat } from './bytes';
import { decryptStream, openHeader } from './decrypt';
import { createEncryptor } from './encrypt';
import { parseHeader } from './header';
import { createRecipientKeyPair, openRecipientKeyPair, resealRecipientKeyPair } from './recipient-key';
import { replaceVaultStanzas } from './rewrap';
import { SETTINGS_V2_LENGTH, SETTINGS_V2_ROTATING_LENGTH } from './settings';
import { meta, pattern, run, TEST_ARGON2 } from './test-helpers';
import {
  changeVaultPassphrase,
  createVault,
  finishVaultKeyRotation,
  inspectVault,
  openVault,
  rotateVaultKey,
  vaultState,
  WRONG_VAULT_PASSPHRASE,
} from './index';

const argon2 = TEST_ARGON2;

async function vaultFile(masterKey: CryptoKey, size = 1_100_000) {
  const plaintext = pattern(size, 3);
  const encryptor = await createEncryptor({ metadata: meta(size), recipients: [{ type: 'vault', masterKey }] });
  const { output } = await run(encryptor.stream(), plaintext);
  return { plaintext, header: encryptor.header, payload: output.subarray(encryptor.header.length) };
}

describe('settings version 2: the generation', () => {
  it('a new vault is generation 1, and every passphrase change takes the next one', async () => {
    const { settings } = await createVault('pw', { argon2 });
    expect(settings.length).toBe(SETTINGS_V2_LENGTH);
    expect(inspectVault(settings)).toMatchObject({ version: 2, generation: 1, rotating: false });
    const once = await changeVaultPassphrase(settings, 'pw', 'pw2', { argon2 });
    const twice = await changeVaultPassphrase(once, 'pw2', 'pw3', { argon2 });
    expect([once, twice].map((s) => inspectVault(s).generation)).toEqual([2, 3]);
    await expect(openVault(twice, 'pw3')).resolves.toMatchObject({ generation: 3, vaultId: inspectVault(settings).vaultId });
    // A writer that saw generation 7 before (the bucket holds a restored older copy) writes above it.
    expect(inspectVault(await changeVaultPassphrase(once, 'pw2', 'pw4', { argon2, after: 7 })).generation).toBe(8);
    expect(inspectVault((await rotateVaultKey(once, 'pw2', { argon2, after: 7 })).settings).generation).toBe(8);
  });

  it('refuses an object whose generation (or any other byte) was changed', async () => {
    const { settings } = await createVault('pw', { argon2 });
    for (let at = 12; at < settings.length; at++) {
      if (at >= 36 && at < 48) continue; // Argon2id parameters: a changed cost fails as malformed or over the cap
      const bad = settings.slice();
      bad[at] = (bad[at] ?? 0) ^ 0x01;
      // The generation's top byte: 2^56 is more than a writer may store, refused before any derivation.
      if (at === 28) await expect(openVault(bad, 'pw')).rejects.toMatchObject({ code: 'limits-exceeded' });
      else await expect(openVault(bad, 'pw'), `byte ${at}`).rejects.toMatchObject({ code: 'wrong-key', message: expect.stringContaining(WRONG_VAULT_PASSPHRASE) });
    }
  });

  it('lets a holder of the master key alone check the generation (the key tag), and no other key', async () => {
    const { settings, masterKey } = await createVault('pw', { argon2 });
    const changed = await changeVaultPassphrase(settings, 'pw', 'pw2', { argon2 });
    await expect(vaultState(changed, masterKey)).resolves.toEqual({ vaultId: inspectVault(settings).vaultId, generation: 2 });
    const other = await createVault('pw', { argon2 });
    await expect(vaultState(changed, other.masterKey)).rejects.toMatchObject({ code: 'wrong-key' });
    const forged = changed.slice();
    forged[35] = 9; // a higher generation, as a hostile store would claim
    await expect(vaultState(forged, masterKey)).rejects.toMatchObject({ code: 'wrong-key' });
  });
});

describe('vault key rotation', () => {
  it('starts with a new master key and keeps the old one, sealed under the new, until finished', async () => {
    const { settings, masterKey: old } = await createVault('pw', { argon2 });
    const before = await vaultFile(old);
    const started = await rotateVaultKey(settings, 'pw', { argon2 });
    expect(started.settings.length).toBe(SETTINGS_V2_ROTATING_LENGTH);
    expect(inspectVault(started.settings)).toMatchObject({ vaultId: inspectVault(settings).vaultId, generation: 2, rotating: true });
    await expect(openHeader(before.header, { type: 'vault', masterKey: started.masterKey })).rejects.toMatchObject({ code: 'wrong-key' });
    const opened = await openVault(started.settings, 'pw');
    expect(opened.previousMasterKey?.extractable).toBe(false);
    // The session's keys open both: files not yet re-wrapped under the previous key, new ones under the new key.
    const keys = { type: 'vault', masterKey: opened.masterKey, previousMasterKey: opened.previousMasterKey } as const;
    await expect(openHeader(before.header, keys)).resolves.toMatchObject({ metadata: meta(before.plaintext.length) });
    const after = await vaultFile(opened.masterKey, 10);
    await expect(openHeader(after.header, keys)).resolves.toBeDefined();
    await expect(openHeader(after.header, { type: 'vault', masterKey: old })).rejects.toMatchObject({ code: 'wrong-key' });

    const finished = await finishVaultKeyRotation(started.settings, opened.masterKey);
    expect(finished).toEqual(started.settings.subarray(0, SETTINGS_V2_LENGTH));
    const reopened = await openVault(finished, 'pw');
    expect(reopened.previousMasterKey).toBeUndefined();
    expect(reopened.generation).toBe(2);
    await expect(openHeader(before.header, { type: 'vault', masterKey: reopened.masterKey })).rejects.toMatchObject({ code: 'wrong-key' });
    await expect(openHeader(after.header, { type: 'vault', masterKey: reopened.masterKey })).resolves.toBeDefined();
  });

  it('refuses a second rotation before the first is finished, and a finish with another key', async () => {
    const { settings, masterKey: old } = await createVault('pw', { argon2 });
    const started = await rotateVaultKey(settings, 'pw', { argon2 });
    await expect(rotateVaultKey(started.settings, 'pw', { argon2 })).rejects.toThrow(/unfinished/);
    await expect(finishVaultKeyRotation(started.settings, old)).rejects.toMatchObject({ code: 'wrong-key' });
    await expect(finishVaultKeyRotation(settings, old)).rejects.toThrow(/no unfinished key rotation/);
    await expect(rotateVaultKey(started.settings, 'not pw', { argon2 })).rejects.toMatchObject({ code: 'wrong-key' });
  });

  it('a passphrase change during a rotation keeps the previous key', async () => {
    const { settings, masterKey: old } = await createVault('pw', { argon2 });
    const { header } = await vaultFile(old, 5);
    const started = await rotateVaultKey(settings, 'pw', { argon2 });
    const changed = await changeVaultPassphrase(started.settings, 'pw', 'new pw', { argon2 });
    expect(inspectVault(changed)).toMatchObject({ generation: 3, rotating: true });
    const opened = await openVault(changed, 'new pw');
    await expect(openHeader(header, { type: 'vault', masterKey: opened.masterKey, previousMasterKey: opened.previousMasterKey })).resolves.toBeDefined();
    const state = await vaultState(changed, started.masterKey);
    expect(state?.previousMasterKey).toBeDefined();
  });

  it('re-wraps a header for the new key: same length, salt and sealed metadata, other stanzas kept, payload unchanged', async () => {
    const { masterKey: old } = await createVault('pw', { argon2 });
    const { masterKey: next } = await createVault('pw', { argon2 });
    const plaintext = pattern(700_000, 5);
    const encryptor = await createEncryptor({
      metadata: meta(plaintext.length),
      recipients: [{ type: 'passphrase', passphrase: 'file pw', argon2 }, { type: 'vault', masterKey: old }],
    });
    const payload = (await run(encryptor.stream(), plaintext)).output.subarray(encryptor.header.length);
    const { header, oldHeaderLength } = await replaceVaultStanzas(encryptor.header, old, next);
    expect([header.length, oldHeaderLength]).toEqual([encryptor.header.length, encryptor.header.length]);
    const [before, after] = [parseHeader(encryptor.header), parseHeader(header)];
    expect(after.salt).toEqual(before.salt);
    expect(after.sealedMetadata).toEqual(before.sealedMetadata);
    expect(after.rawStanzas[0]).toEqual(before.rawStanzas[0]);
    expect(after.rawStanzas[1]).not.toEqual(before.rawStanzas[1]);
    await expect(openHeader(header, { type: 'vault', masterKey: old })).rejects.toMatchObject({ code: 'wrong-key' });
    await expect(openHeader(header, { type: 'passphrase', passphrase: 'file pw' })).resolves.toBeDefined();
    const { output, error } = await run(decryptStream({ type: 'vault', masterKey: next }), concat(header, payload));
    expect(error).toBeUndefined();
    expect(output).toEqual(plaintext);
    await expect(replaceVaultStanzas(header, old, next)).rejects.toMatchObject({ code: 'wrong-key' });
  });

  it('re-seals the recipient key pair for the new key: the same public key, opened by the new key only', async () => {
    const { masterKey: old } = await createVault('pw', { argon2 });
    const { masterKey: next } = await createVault('pw', { argon2 });
    const pair = await createRecipientKeyPair(old);
    const resealed = await resealRecipientKeyPair(pair.object, old, next);
    expect(resealed.length).toBe(pair.object.length);
    const identity = await openRecipientKeyPair(next, resealed);
    expect(identity.publicKey).toEqual(pair.publicKey);
    await expect(openRecipientKeyPair(old, resealed)).rejects.toMatchObject({ code: 'wrong-key' });
    await expect(resealRecipientKeyPair(pair.object, next, old)).rejects.toMatchObject({ code: 'wrong-key' });
    // A guest's file sent to the public key before the rotation opens with the re-sealed pair.
    const guest = await createEncryptor({ metadata: meta(3), recipients: [{ type: 'public-key', publicKey: pair.publicKey }] });
    await expect(openHeader(guest.header, identity)).resolves.toBeDefined();
  });
});
