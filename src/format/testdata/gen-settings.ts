/**
 * Vault settings vectors (SPEC section 6): version 1 objects as the app wrote them before version 2 (the format no
 * longer writes version 1, so this file seals them itself, straight from the SPEC's table), and version 2 objects,
 * plain and during a key rotation. Payload: SHA-256 of the master key, followed by the previous master key when the
 * object carries one.
 */
import { argon2Key, encodeArgon2 } from '../argon2';
import { concat, u32 } from '../bytes';
import { MAX_ARGON2, SETTINGS_MAGIC } from '../constants';
import { importAesKey, sealOnce, type Random } from '../keys';
import { TEST_ARGON2 } from '../test-helpers';
import { changeVaultPassphrase, createVault, finishVaultKeyRotation, openSettingsRawKeys, rotateVaultKey } from '../vault';
import { add, flip, PASS, seeded, sha, vault } from './gen-kit';
import type { Vector } from './vector-file';

/** A version 1 object: magic, version 1, vault id, Argon2id parameters and salt, master key sealed with AAD = all before. */
async function settingsV1(passphrase: string, random: Random): Promise<Uint8Array> {
  const master = random(32);
  const aad = concat(SETTINGS_MAGIC, u32(1), random(16), encodeArgon2(TEST_ARGON2), random(16));
  const kek = await importAesKey(await argon2Key(passphrase, aad.subarray(40, 56), TEST_ARGON2));
  return concat(aad, await sealOnce(kek, master, aad));
}

/** The version 1 object of the vectors' vault: the same master key as `vault()` (the same seeded bytes, drawn in the same order). */
export const v1 = (): Promise<Uint8Array> => settingsV1(PASS, seeded('vault'));

const settings = async (body: Uint8Array, expect: string, passphrase = PASS, generation?: number): Promise<Omit<Vector, 'comment'>> => {
  const keys = expect === 'success' ? await openSettingsRawKeys(body, passphrase) : undefined;
  return {
    expect,
    payload: sha(keys ? concat(keys.master, keys.previous ?? new Uint8Array(0)) : new Uint8Array(0)),
    passphrase,
    ...(generation === undefined ? {} : { generation: String(generation) }),
    body,
  };
};
const patch = (bytes: Uint8Array, at: number, value: Uint8Array): Uint8Array => {
  const out = bytes.slice();
  out.set(value, at);
  return out;
};
const rotating = async (): Promise<Uint8Array> => (await rotateVaultKey((await vault()).settings, PASS, { argon2: TEST_ARGON2 }, seeded('rotate'))).settings;

// Version 1: read as generation 0, never written.
add('settings_ok', 'vault settings; payload is SHA-256 of the master key', async () => settings(await v1(), 'success', PASS, 0));
add('settings_nfd_passphrase', 'settings made with NFC "Grüße", opened with NFD', async () =>
  settings(await settingsV1('Gr\u00fc\u00dfe', seeded('vault')), 'success', 'Gru\u0308\u00dfe'));
add('settings_wrong_passphrase', 'wrong passphrase', async () => settings(await v1(), 'error wrong-key', 'incorrect horse'));
add('settings_flipped_vault_id', 'one bit of the vault id flipped', async () => settings(flip(await v1(), 14), 'error wrong-key'));
add('settings_flipped_wrapped_key', 'one bit of the wrapped master key flipped', async () => settings(flip(await v1(), -1), 'error wrong-key'));
add('settings_unknown_version', 'version 3', async () => settings(patch(await v1(), 8, u32(3)), 'error unsupported-version'));
add('settings_bad_magic', 'a Coffer file magic instead of the settings magic', async () => settings(flip(await v1(), 3), 'error not-coffer'));
add('settings_truncated', 'last byte missing', async () => settings((await v1()).subarray(0, -1), 'error malformed-settings'));
add('settings_memory_over_cap', `Argon2id memory ${MAX_ARGON2.memoryKiB + 1} KiB`, async () => settings(patch(await v1(), 28, u32(MAX_ARGON2.memoryKiB + 1)), 'error limits-exceeded'));
add('settings_changed_passphrase', 'version 1 after a passphrase change: version 2, generation 1, same master key', async () =>
  settings(await changeVaultPassphrase(await v1(), PASS, 'new passphrase', { argon2: TEST_ARGON2 }, seeded('change')), 'success', 'new passphrase', 1));

// Version 2.
add('settings_v2_ok', 'version 2 as a new vault writes it: generation 1', async () => settings((await vault()).settings, 'success', PASS, 1));
add('settings_v2_changed_twice', 'two passphrase changes: generation 3, same master key', async () => {
  const once = await changeVaultPassphrase((await vault()).settings, PASS, 'second', { argon2: TEST_ARGON2 }, seeded('twice/1'));
  return settings(await changeVaultPassphrase(once, 'second', PASS, { argon2: TEST_ARGON2 }, seeded('twice/2')), 'success', PASS, 3);
});
add('settings_v2_flipped_generation', 'one bit of the generation flipped (a restored copy cannot pose as a newer one)', async () =>
  settings(flip((await vault()).settings, 35), 'error wrong-key'));
add('settings_v2_generation_too_large', 'generation 2^53: above what a writer may store', async () =>
  settings(patch((await vault()).settings, 28, new Uint8Array([0, 0x20, 0, 0, 0, 0, 0, 0])), 'error limits-exceeded'));
add('settings_v2_flipped_tag', 'one bit of the key tag flipped', async () => settings(flip((await vault()).settings, -1), 'error wrong-key'));
add('settings_v2_trailing_byte', 'one byte after the key tag', async () => settings(concat((await vault()).settings, new Uint8Array([0])), 'error malformed-settings'));
add('settings_v2_rotating', 'a key rotation started: a new master key, generation 2, the previous master key sealed under the new one', async () =>
  settings(await rotating(), 'success', PASS, 2));
add('settings_v2_rotating_flipped_previous', 'one bit of the sealed previous master key flipped', async () => settings(flip(await rotating(), -1), 'error wrong-key'));
add('settings_v2_rotating_truncated', 'last byte of the previous master key missing', async () => settings((await rotating()).subarray(0, -1), 'error malformed-settings'));
add('settings_v2_rotation_finished', 'the rotation finished: the same object without the previous key', async () => {
  const { settings: started, masterKey } = await rotateVaultKey((await vault()).settings, PASS, { argon2: TEST_ARGON2 }, seeded('rotate'));
  return settings(await finishVaultKeyRotation(started, masterKey), 'success', PASS, 2);
});
add('settings_v2_wrong_passphrase', 'version 2, wrong passphrase', async () => settings((await vault()).settings, 'error wrong-key', 'incorrect horse'));
add('settings_v2_nfd_passphrase', 'version 2 made with NFC "Grüße", opened with NFD', async () =>
  settings((await createVault('Gr\u00fc\u00dfe', { argon2: TEST_ARGON2 }, seeded('vault'))).settings, 'success', 'Gru\u0308\u00dfe', 1));
