import { openHeader } from '../src/format';
import { openSettingsRaw } from '../src/format/vault';
import { downloadedBytes, expect, newPassphrase, randomFile, sha256, test } from './fixtures';
import { fillStoredBodies, leaks, record, type Recorded } from './requests';

test('no request carries the passphrase, the master key or a file key', async ({ vault, token, baseURL }) => {
  const requests: Promise<Recorded>[] = [];
  vault.page.on('request', (request) => requests.push(record(request)));

  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  const file = randomFile('secret plans.txt', 700_000, 'text/plain');
  await vault.upload([file]);
  const download = await vault.download(file.name);
  expect(sha256(await downloadedBytes(download))).toBe(sha256(file.buffer));
  if (!baseURL) throw new Error('no baseURL');
  await fillStoredBodies(await Promise.all(requests), baseURL, token);
  await vault.delete(file.name);

  const recorded = await Promise.all(requests);
  const puts = recorded.filter((r) => r.method === 'PUT');
  const settingsPut = puts.find((r) => r.url.includes('/vault/settings'));
  const filePut = puts.find((r) => r.url.includes('/files/'));
  // The bodies must have been recorded, or this test would prove nothing.
  const settingsBody = settingsPut?.body;
  const fileBody = filePut?.body;
  if (!settingsBody || !fileBody) throw new Error('the PUT bodies were not recorded');
  expect(fileBody.length).toBeGreaterThan(file.buffer.length);

  // Recover the keys from what S3 stored, the way an attacker who learns the passphrase would.
  const masterKey = Buffer.from(await openSettingsRaw(new Uint8Array(settingsBody), passphrase));
  const masterCryptoKey = await crypto.subtle.importKey('raw', masterKey, 'HKDF', false, ['deriveKey', 'deriveBits']);
  const opened = await openHeader(new Uint8Array(fileBody), { type: 'vault', masterKey: masterCryptoKey });
  expect(opened.metadata.name).toBe(file.name);
  const fileKey = Buffer.from(opened.fileKey);

  expect(recorded.length).toBeGreaterThan(8);
  expect([
    ...leaks(recorded, 'passphrase', Buffer.from(passphrase)),
    ...leaks(recorded, 'passphrase', Buffer.from(encodeURIComponent(passphrase))),
    ...leaks(recorded, 'master key', masterKey),
    ...leaks(recorded, 'file key', fileKey),
  ]).toEqual([]);
  // The plaintext itself never travels either: the uploaded body is ciphertext.
  expect(fileBody.includes(file.buffer.subarray(0, 64))).toBe(false);
});
