import { describe, expect, it } from 'vitest';
import {
  addPasskey,
  changeVaultPassphrase,
  createEncryptor,
  createVault,
  finishVaultKeyRotation,
  FormatError,
  inspectPasskeys,
  listPasskeys,
  openHeader,
  removePasskey,
  rotateVaultKey,
  unlockWithPasskey,
  type NewPasskey,
} from './index';
import { meta, TEST_ARGON2 } from './test-helpers';

const argon2 = TEST_ARGON2;
const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
/** A passkey as an authenticator would make it: its id, and a PRF output (here random: a fresh authenticator's). */
const passkey = (name: string, over: Partial<NewPasskey> = {}): NewPasskey => ({
  credentialId: random(32),
  name,
  created: 1_760_000_000_000,
  salt: random(32),
  prfOutput: random(32),
  ...over,
});

async function vaultWithPasskey() {
  const vault = await createVault('pw', { argon2 });
  const laptop = passkey('Laptop');
  const object = await addPasskey(vault.settings, 'pw', null, laptop);
  return { ...vault, laptop, object };
}

describe('passkeys', () => {
  it('a passkey unlocks the vault to its master key, non-extractable, with the settings generation', async () => {
    const { settings, masterKey, laptop, object } = await vaultWithPasskey();
    const enc = await createEncryptor({ metadata: meta(0), recipients: [{ type: 'vault', masterKey }] });
    const opened = await unlockWithPasskey(settings, object, laptop.credentialId, laptop.prfOutput);
    expect(opened.masterKey.extractable).toBe(false);
    expect(opened).toMatchObject({ vaultId: inspectPasskeys(object).vaultId, generation: 1 });
    await expect(openHeader(enc.header, { type: 'vault', masterKey: opened.masterKey })).resolves.toBeDefined();
  });

  it('another PRF output (a fresh authenticator) is refused, and so is a credential the list does not hold', async () => {
    const { settings, laptop, object } = await vaultWithPasskey();
    await expect(unlockWithPasskey(settings, object, laptop.credentialId, random(32))).rejects.toMatchObject({ code: 'wrong-key' });
    await expect(unlockWithPasskey(settings, object, random(32), laptop.prfOutput)).rejects.toMatchObject({ code: 'no-matching-recipient' });
  });

  it('the passphrase must open the settings to register, and the list must be this key’s', async () => {
    const { settings, object } = await vaultWithPasskey();
    await expect(addPasskey(settings, 'wrong', object, passkey('Phone'))).rejects.toMatchObject({ code: 'wrong-key' });
    const other = await vaultWithPasskey();
    await expect(addPasskey(settings, 'pw', other.object, passkey('Phone'))).rejects.toMatchObject({ code: 'wrong-key' });
  });

  it('keeps up to five, each named, and removing one leaves the others working', async () => {
    const { settings, masterKey, laptop, object } = await vaultWithPasskey();
    let list = object;
    const more = ['Phone', 'Key A', 'Key B', 'Tablet'].map((name) => passkey(name));
    for (const p of more) list = await addPasskey(settings, 'pw', list, p);
    expect((await listPasskeys(list, masterKey)).map((p) => p.name)).toEqual(['Laptop', 'Phone', 'Key A', 'Key B', 'Tablet']);
    await expect(addPasskey(settings, 'pw', list, passkey('Sixth'))).rejects.toThrow(/at most 5/);
    const phone = more[0] as NewPasskey;
    const without = await removePasskey(list, masterKey, phone.credentialId);
    if (without === null) throw new Error('the list emptied');
    expect((await listPasskeys(without, masterKey)).map((p) => p.name)).toEqual(['Laptop', 'Key A', 'Key B', 'Tablet']);
    await expect(unlockWithPasskey(settings, without, phone.credentialId, phone.prfOutput)).rejects.toMatchObject({ code: 'no-matching-recipient' });
    await expect(unlockWithPasskey(settings, without, laptop.credentialId, laptop.prfOutput)).resolves.toBeDefined();
    expect(await removePasskey(object, masterKey, laptop.credentialId)).toBeNull();
  });

  it('refuses a registered credential twice, a reused salt, and a bad name', async () => {
    const { settings, laptop, object } = await vaultWithPasskey();
    await expect(addPasskey(settings, 'pw', object, passkey('Again', { credentialId: laptop.credentialId }))).rejects.toThrow(/registered already/);
    await expect(addPasskey(settings, 'pw', object, passkey('Same salt', { salt: laptop.salt }))).rejects.toThrow(/fresh/);
    await expect(addPasskey(settings, 'pw', null, passkey(''))).rejects.toThrow(/needs a name/);
    await expect(addPasskey(settings, 'pw', null, passkey('a\u0000b'))).rejects.toThrow(/control/);
    await expect(addPasskey(settings, 'pw', null, passkey('x'.repeat(65)))).rejects.toThrow(/at most 64/);
  });

  it('a changed passphrase keeps passkeys working: the same master key', async () => {
    const { settings, laptop, object } = await vaultWithPasskey();
    const changed = await changeVaultPassphrase(settings, 'pw', 'new', { argon2 });
    await expect(unlockWithPasskey(changed, object, laptop.credentialId, laptop.prfOutput)).resolves.toMatchObject({ generation: 2 });
  });

  it('after a key rotation, a passkey of the old key is refused, during it and after', async () => {
    const { settings, laptop, object } = await vaultWithPasskey();
    const started = await rotateVaultKey(settings, 'pw', { argon2 });
    await expect(unlockWithPasskey(started.settings, object, laptop.credentialId, laptop.prfOutput)).rejects.toMatchObject({ code: 'wrong-key' });
    await expect(listPasskeys(object, started.masterKey)).rejects.toMatchObject({ code: 'wrong-key' });
    await expect(listPasskeys(object, started.previousMasterKey)).resolves.toHaveLength(1);
    const finished = await finishVaultKeyRotation(started.settings, started.masterKey);
    await expect(unlockWithPasskey(finished, object, laptop.credentialId, laptop.prfOutput)).rejects.toMatchObject({ code: 'wrong-key' });
  });

  it('one registered during a rotation gives both keys, as the passphrase does', async () => {
    const { settings } = await createVault('pw', { argon2 });
    const started = await rotateVaultKey(settings, 'pw', { argon2 });
    const p = passkey('Laptop');
    const object = await addPasskey(started.settings, 'pw', null, p);
    const opened = await unlockWithPasskey(started.settings, object, p.credentialId, p.prfOutput);
    expect(opened.previousMasterKey).toBeDefined();
  });

  it('any changed byte of the object is refused before or after deriving, never unlocks', async () => {
    const { settings, laptop, object } = await vaultWithPasskey();
    for (let at = 0; at < object.length; at++) {
      const bad = object.slice();
      bad[at] = (bad[at] ?? 0) ^ 0x01;
      const outcome = await unlockWithPasskey(settings, bad, laptop.credentialId, laptop.prfOutput).then(
        () => 'unlocked',
        (e: unknown) => (e instanceof FormatError ? e.code : 'crash'),
      );
      expect(['wrong-key', 'no-matching-recipient', 'not-coffer', 'unsupported-version', 'malformed-settings', 'limits-exceeded']).toContain(outcome);
    }
  });

  it('an object of another vault is refused even with the right authenticator', async () => {
    const one = await vaultWithPasskey();
    const two = await createVault('pw', { argon2 });
    await expect(unlockWithPasskey(two.settings, one.object, one.laptop.credentialId, one.laptop.prfOutput)).rejects.toMatchObject({ code: 'wrong-key' });
  });
});
