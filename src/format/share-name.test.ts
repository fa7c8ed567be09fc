import { describe, expect, it } from 'vitest';
import { isFormatError } from './errors';
import { MAX_SHARE_NAME_LENGTH, openShareName, sealShareName, withShareName } from './share-name';
import { meta } from './test-helpers';

const fileKey = crypto.getRandomValues(new Uint8Array(32));
const current = { ...meta(5000), name: 'Passport – scan.pdf', type: 'application/pdf' };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'success';
  } catch (error) {
    return isFormatError(error) ? error.code : `crash ${String(error)}`;
  }
}

describe('share names (SPEC section 10)', () => {
  it('open with the file key to the metadata they were sealed with', async () => {
    const token = await sealShareName(fileKey, current);
    expect(token).toMatch(/^f1\.[A-Za-z0-9_-]+$/);
    expect(await openShareName(fileKey, token)).toEqual(current);
  });

  it('take a fresh nonce each time: the same name seals to another token', async () => {
    expect(await sealShareName(fileKey, current)).not.toBe(await sealShareName(fileKey, current));
  });

  it("show the header's metadata under the link's name", async () => {
    const header = { ...current, name: 'IMG_0234.pdf' };
    expect(await withShareName(fileKey, await sealShareName(fileKey, current), header)).toEqual({ ...header, name: current.name });
  });

  it('refuse another file key, a changed token, another version, bad bytes, a size that is not the header’s', async () => {
    const token = await sealShareName(fileKey, current);
    const flipped = token.slice(0, -3) + (token.at(-3) === 'A' ? 'B' : 'A') + token.slice(-2);
    expect(await codeOf(openShareName(crypto.getRandomValues(new Uint8Array(32)), token))).toBe('wrong-key');
    expect(await codeOf(openShareName(fileKey, flipped))).toBe('wrong-key');
    expect(await codeOf(openShareName(fileKey, `f2.${token.slice(3)}`))).toBe('unsupported-version');
    expect(await codeOf(openShareName(fileKey, 'f1.AAAA'))).toBe('malformed-header');
    expect(await codeOf(openShareName(fileKey, `f1.${'A'.repeat(MAX_SHARE_NAME_LENGTH)}`))).toBe('malformed-header');
    expect(await codeOf(withShareName(fileKey, token, { ...current, size: current.size + 1 }))).toBe('wrong-key');
  });
});
