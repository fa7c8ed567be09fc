import { describe, expect, it } from 'vitest';
import { changeVaultPassphrase, createEncryptor, createVault, inspectVault, openHeader, unlockVault, vaultSubkey, WRONG_VAULT_PASSPHRASE } from './index';
import { meta, TEST_ARGON2 } from './test-helpers';

const argon2 = TEST_ARGON2;

describe('vault settings', () => {
  it('unlocks with its passphrase to a non-extractable master key that opens the vault files', async () => {
    const { settings, masterKey } = await createVault('open sesame', { argon2 });
    const enc = await createEncryptor({ metadata: meta(0), recipients: [{ type: 'vault', masterKey }] });
    const unlocked = await unlockVault(settings, 'open sesame');
    expect(unlocked.extractable).toBe(false);
    expect(masterKey.extractable).toBe(false);
    await expect(openHeader(enc.header, { type: 'vault', masterKey: unlocked })).resolves.toMatchObject({ metadata: meta(0) });
  });

  it('changing the passphrase keeps the master key and vault id, so files stay readable', async () => {
    const { settings, masterKey } = await createVault('old', { argon2 });
    const enc = await createEncryptor({ metadata: meta(0), recipients: [{ type: 'vault', masterKey }] });
    const changed = await changeVaultPassphrase(settings, 'old', 'new', { argon2: { ...argon2, iterations: 2 } });
    expect(inspectVault(changed)).toEqual({ vaultId: inspectVault(settings).vaultId, argon2: { ...argon2, iterations: 2 }, version: 2, generation: 2, rotating: false });
    await expect(unlockVault(changed, 'old')).rejects.toMatchObject({ code: 'wrong-key', message: WRONG_VAULT_PASSPHRASE });
    await expect(openHeader(enc.header, { type: 'vault', masterKey: await unlockVault(changed, 'new') })).resolves.toBeDefined();
  });

  it('says "wrong passphrase, or the vault settings were changed" for a wrong passphrase or any changed byte', async () => {
    const { settings } = await createVault('pw', { argon2 });
    await expect(unlockVault(settings, 'pW')).rejects.toThrow(WRONG_VAULT_PASSPHRASE);
    for (const at of [12, 27, 40, settings.length - 1]) {
      const bad = settings.slice();
      bad[at] = (bad[at] ?? 0) ^ 1;
      await expect(unlockVault(bad, 'pw')).rejects.toThrow(/wrong passphrase|Argon2id|invalid/);
    }
  });

  it('normalizes passphrases to NFC', async () => {
    const { settings } = await createVault('Gr\u00fc\u00dfe', { argon2 });
    await expect(unlockVault(settings, 'Gru\u0308\u00dfe')).resolves.toBeDefined();
  });

  it('refuses Argon2id costs above the cap before deriving anything', async () => {
    await expect(createVault('pw', { argon2: { memoryKiB: 1 << 30, iterations: 1, parallelism: 1 } })).rejects.toMatchObject({ code: 'limits-exceeded' });
  });

  it('derives distinct application subkeys per purpose', async () => {
    const { masterKey } = await createVault('pw', { argon2 });
    const a = await vaultSubkey(masterKey, 'index');
    const b = await vaultSubkey(masterKey, 'other');
    const iv = new Uint8Array(12);
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, a, new Uint8Array(4));
    await expect(crypto.subtle.decrypt({ name: 'AES-GCM', iv }, b, sealed)).rejects.toThrow();
    await expect(crypto.subtle.decrypt({ name: 'AES-GCM', iv }, await vaultSubkey(masterKey, 'index'), sealed)).resolves.toBeDefined();
  });
});
