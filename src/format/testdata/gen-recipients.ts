/** Recipient-stanza vectors (passphrase, vault, public key); the settings vectors are in gen-settings.ts. */
import { concat, toHex } from '../bytes';
import { CURVE_P256, CURVE_X25519, MAX_ARGON2, STANZA_PASSPHRASE, STANZA_PUBLIC_KEY } from '../constants';
import { encodeArgon2 } from '../argon2';
import { keyPairFrom, type Curve } from '../public-key';
import { TEST_ARGON2 } from '../test-helpers';
import { add, build, craft, file, PASS, seeded, sha, vault, withVault, type Built } from './gen-kit';
import type { Vector } from './vector-file';

const result = (b: Built, body: Uint8Array, expect: string, identity: Partial<Vector>): Omit<Vector, 'comment'> => ({
  expect,
  payload: sha(expect === 'success' ? b.plaintext : new Uint8Array(0)),
  metadata: expect === 'success' ? JSON.stringify(b.metadata) : undefined,
  ...identity,
  body,
});
const passphraseFile = (name: string, passphrase = PASS): Promise<Built> => build(name, 100, [{ type: 'passphrase', passphrase, argon2: TEST_ARGON2 }]);

add('passphrase_ok', 'passphrase stanza, Argon2id m=64 KiB t=1 p=1', async () => { const b = await passphraseFile('pok'); return result(b, file(b), 'success', { passphrase: PASS }); });
add('passphrase_nfd_input', 'encrypted with NFC "café", opened with NFD "cafe\\u0301"', async () => {
  const b = await passphraseFile('pnfd', 'caf\u00e9');
  return result(b, file(b), 'success', { passphrase: 'cafe\u0301' });
});
add('passphrase_wrong', 'wrong passphrase', async () => { const b = await passphraseFile('pwrong'); return result(b, file(b), 'error wrong-key', { passphrase: 'incorrect horse' }); });
const overCap = (name: string, argon2: { memoryKiB: number; iterations: number; parallelism: number }, expect: string): void =>
  add(name, `passphrase stanza with m=${argon2.memoryKiB} t=${argon2.iterations} p=${argon2.parallelism}`, async () => {
    const random = seeded(name);
    const b = await craft(name, { stanzas: [{ type: STANZA_PASSPHRASE, body: concat(encodeArgon2(argon2), random(16), random(48)) }] });
    return result(b, file(b), expect, { passphrase: PASS });
  });
overCap('passphrase_memory_over_cap', { ...TEST_ARGON2, memoryKiB: MAX_ARGON2.memoryKiB + 1 }, 'error limits-exceeded');
overCap('passphrase_iterations_over_cap', { ...TEST_ARGON2, iterations: MAX_ARGON2.iterations + 1 }, 'error limits-exceeded');
overCap('passphrase_parallelism_zero', { ...TEST_ARGON2, parallelism: 0 }, 'error malformed-header');
add('passphrase_no_passphrase_stanza', 'a vault-only file opened with a passphrase', async () => { const b = await build('pnone', 100); return result(b, file(b), 'error no-matching-recipient', { passphrase: PASS }); });
add('passphrase_two_stanzas', 'two passphrase stanzas (each would cost an Argon2id run)', async () => {
  const random = seeded('ptwo');
  const body = (): Uint8Array => concat(encodeArgon2(TEST_ARGON2), random(16), random(48));
  const b = await craft('ptwo', { stanzas: [{ type: STANZA_PASSPHRASE, body: body() }, { type: STANZA_PASSPHRASE, body: body() }] });
  return result(b, file(b), 'error malformed-header', { passphrase: PASS });
});

add('vault_ok', 'vault stanza, opened with the master key', async () => { const b = await build('vok', 100); return withVault(b, file(b)); });
add('vault_wrong_master_key', 'vault stanza, another master key', async () => {
  const b = await build('vwrong', 100);
  return result(b, file(b), 'error wrong-key', { masterKey: toHex(seeded('another vault')(32)) });
});

async function publicKeyFile(name: string, curve: Curve): Promise<{ b: Built; identity: Partial<Vector> }> {
  const pair = await keyPairFrom(curve, seeded(`${name} recipient`));
  const b = await build(name, 100, [{ type: 'public-key', publicKey: pair.publicKey }]);
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  return { b, identity: { privateKey: toHex(pkcs8), publicKey: toHex(pair.publicKey) } };
}
add('pubkey_x25519_ok', 'public-key stanza on X25519', async () => { const { b, identity } = await publicKeyFile('x25519', CURVE_X25519); return result(b, file(b), 'success', identity); });
add('pubkey_p256_ok', 'public-key stanza on P-256', async () => { const { b, identity } = await publicKeyFile('p256', CURVE_P256); return result(b, file(b), 'success', identity); });
add('pubkey_wrong_private_key', 'X25519 stanza, another private key', async () => {
  const { b } = await publicKeyFile('xwrong', CURVE_X25519);
  const { identity } = await publicKeyFile('xother', CURVE_X25519);
  return result(b, file(b), 'error wrong-key', identity);
});
add('pubkey_low_order_point', 'X25519 stanza whose ephemeral key is the all-zero (low-order) point', async () => {
  const { identity } = await publicKeyFile('xlow-id', CURVE_X25519);
  const random = seeded('xlow');
  const b = await craft('xlow', { stanzas: [{ type: STANZA_PUBLIC_KEY, body: concat(new Uint8Array([CURVE_X25519]), new Uint8Array(32), random(48)) }] });
  return result(b, file(b), 'error wrong-key', identity);
});
add('pubkey_unknown_curve', 'public-key stanza with curve byte 7', async () => {
  const { identity } = await publicKeyFile('xcurve-id', CURVE_X25519);
  const b = await craft('xcurve', { stanzas: [{ type: STANZA_PUBLIC_KEY, body: concat(new Uint8Array([7]), seeded('c')(80)) }] });
  return result(b, file(b), 'error malformed-header', identity);
});
add('multi_recipient_ok', 'passphrase, vault and X25519 stanzas; opened with the private key', async () => {
  const pair = await keyPairFrom(CURVE_X25519, seeded('multi recipient'));
  const recipients = [{ type: 'passphrase', passphrase: PASS, argon2: TEST_ARGON2 }, { type: 'vault', masterKey: (await vault()).masterKey }, { type: 'public-key', publicKey: pair.publicKey }] as const;
  const b = await build('multi', 100, [...recipients]);
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  return result(b, file(b), 'success', { privateKey: toHex(pkcs8), publicKey: toHex(pair.publicKey) });
});
