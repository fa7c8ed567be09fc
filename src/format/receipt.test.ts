import { describe, expect, it } from 'vitest';
import { createEncryptor } from './encrypt';
import { generateRecipientKeyPair } from './public-key';
import { receiptCode } from './receipt';
import { rewrapHeader } from './rewrap';
import { TEST_ARGON2 } from './test-helpers';
import { createVault } from './vault';

const metadata = { name: 'payslip.pdf', type: 'application/pdf', size: 12, modified: 0 };

describe('receipt codes', () => {
  it('are the first 16 bytes of the header MAC, as eight groups of four hex digits', async () => {
    const { publicKey } = await generateRecipientKeyPair();
    const { header } = await createEncryptor({ metadata, recipients: [{ type: 'public-key', publicKey }] });
    const mac = Array.from(header.subarray(header.length - 32, header.length - 16), (b) => b.toString(16).padStart(2, '0')).join('');
    const code = receiptCode(header);
    expect(code).toMatch(/^([0-9a-f]{4}-){7}[0-9a-f]{4}$/);
    expect(code.replaceAll('-', '')).toBe(mac);
  });

  it('read the same from the header alone or with payload bytes after it, and differ between files', async () => {
    const { publicKey } = await generateRecipientKeyPair();
    const one = await createEncryptor({ metadata, recipients: [{ type: 'public-key', publicKey }] });
    const two = await createEncryptor({ metadata, recipients: [{ type: 'public-key', publicKey }] });
    const withPayload = new Uint8Array([...one.header, 1, 2, 3, 4]);
    expect(receiptCode(withPayload)).toBe(receiptCode(one.header));
    expect(receiptCode(two.header)).not.toBe(receiptCode(one.header));
    expect(() => receiptCode(one.header.subarray(0, one.header.length - 1))).toThrow(/incomplete/);
  });

  it('change when a header is re-wrapped (a new MAC), so a code names one header', async () => {
    const { publicKey, privateKey } = await generateRecipientKeyPair();
    const { masterKey } = await createVault('receipt code test passphrase', { argon2: TEST_ARGON2 });
    const { header } = await createEncryptor({ metadata, recipients: [{ type: 'public-key', publicKey }] });
    const rewrapped = await rewrapHeader(header, { type: 'private-key', privateKey, publicKey }, [{ type: 'vault', masterKey }]);
    expect(receiptCode(rewrapped.header)).not.toBe(receiptCode(header));
  });
});
