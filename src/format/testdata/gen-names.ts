/**
 * Vectors for sealed object names (SPEC section 11: the body is the token's ASCII, the identity the master key) and
 * for the sealed file names of share links (section 10: the identity is the file key).
 */
import { toHex, utf8 } from '../bytes';
import { sealName } from '../names';
import { sealShareName } from '../share-name';
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

// Share names (SPEC section 10): the body is the token's ASCII, the identity the file key it was sealed under.
const shareFileKey = new Uint8Array(32).map((_, i) => 0xa0 + i);
const shared = { ...meta(5000), name: 'Passport – scan.pdf' };

async function shareToken(name: string): Promise<Uint8Array> {
  return utf8(await sealShareName(shareFileKey, shared, seeded(name)));
}

function shareNames(body: Uint8Array, expect: string, fileKey = shareFileKey) {
  const ok = expect === 'success';
  return { expect, payload: ok ? sha(encodeMetadata(shared)) : NONE, fileKey: toHex(fileKey), metadata: ok ? JSON.stringify(shared) : undefined, body };
}

add('sharename_ok', "a link's sealed file name; payload is SHA-256 of the encoded metadata", async () =>
  shareNames(await shareToken('sharename_ok'), 'success'),
);
add('sharename_flipped_ciphertext', 'one bit of the ciphertext flipped (inside a base64url character)', async () =>
  shareNames(flip(await shareToken('sharename_flipped_ciphertext'), -3), 'error wrong-key'),
);
add('sharename_other_file_key', "sealed under another file's key", async () =>
  shareNames(await shareToken('sharename_other_file_key'), 'error wrong-key', new Uint8Array(32).fill(0xa0)),
);
add('sharename_unknown_version', 'prefix f2 instead of f1', async () => {
  const body = await shareToken('sharename_unknown_version');
  body[1] = 0x32;
  return shareNames(body, 'error unsupported-version');
});
