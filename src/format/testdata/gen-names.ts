/** Vectors for sealed object names (SPEC section 11): the body is the token's ASCII, the identity the master key. */
import { toHex, utf8 } from '../bytes';
import { sealName } from '../names';
import { meta } from '../test-helpers';
import { add, flip, NONE, seeded, sha, vault } from './gen-kit';
import { encodeMetadata } from '../metadata';

const metadata = { ...meta(1234), name: 'Album/2024/beach – Strand.jpg', type: 'image/jpeg' };

async function token(name: string): Promise<Uint8Array> {
  const sealed = await sealName((await vault()).masterKey, metadata, seeded(name));
  if (sealed === undefined) throw new Error('vector name too long');
  return utf8(sealed);
}

async function names(body: Uint8Array, expect: string) {
  const ok = expect === 'success';
  return {
    expect,
    payload: ok ? sha(encodeMetadata(metadata)) : NONE,
    masterKey: toHex((await vault()).raw),
    metadata: ok ? JSON.stringify(metadata) : undefined,
    body,
  };
}

add('names_ok', 'a sealed name; payload is SHA-256 of the encoded metadata', async () => names(await token('names_ok'), 'success'));
add('names_flipped_ciphertext', 'one bit of the ciphertext flipped (inside a base64url character)', async () =>
  names(flip(await token('names_flipped_ciphertext'), -3), 'error wrong-key'),
);
add('names_unknown_version', 'prefix n2 instead of n1', async () => {
  const body = await token('names_unknown_version');
  body[1] = 0x32;
  return names(body, 'error unsupported-version');
});
