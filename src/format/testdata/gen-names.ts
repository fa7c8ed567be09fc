/**
 * Vectors for sealed object names (SPEC section 11: the body is the token's ASCII, the identity the master key, the
 * file id the object's; with a header, the token is checked against it as a download does) and for the sealed file
 * names of share links (section 10: the identity is the file key).
 */
import { toHex, utf8 } from '../bytes';
import { LABEL_SEALED_NAME, SEALED_NAME_PURPOSE, sealName, sealToken, UNBOUND_NAME_VERSION } from '../names';
import { sealShareName } from '../share-name';
import { meta } from '../test-helpers';
import { vaultSubkey } from '../vault';
import { add, build, flip, NONE, seeded, sha, vault } from './gen-kit';
import { encodeMetadata } from '../metadata';
import type { FileMetadata } from '../types';

const metadata = { ...meta(1234), name: 'Album/2024/beach – Strand.jpg', type: 'image/jpeg' };
const id = '2f6c1e0a9b8d7c6e5f4a3b2c1d0e9f8a';
const otherId = '9d4e0b7a1c2f3e5d6b8a0c9e7f1d2b3a';

/** The header of a vault file with these details (its own file key and salt, from the seed `name`). */
async function headerOf(name: string, details: FileMetadata = metadata): Promise<Uint8Array> {
  return (await build(name, details.size, undefined, details)).header;
}

/** An n2 token sealed for file id `forId` and the header of the file seeded `headerSeed`. */
async function token(name: string, headerSeed = name, forId = id): Promise<Uint8Array> {
  const sealed = await sealName((await vault()).masterKey, forId, await headerOf(headerSeed), metadata, seeded(name));
  if (sealed === undefined) throw new Error('vector name too long');
  return utf8(sealed);
}

/** An n1 token, as the first writers made it (no binding): the label alone is its AAD. */
async function tokenV1(seed: string): Promise<Uint8Array> {
  const key = await vaultSubkey((await vault()).masterKey, SEALED_NAME_PURPOSE);
  return utf8(await sealToken(key, `${UNBOUND_NAME_VERSION}.`, utf8(LABEL_SEALED_NAME), encodeMetadata(metadata), seeded(seed)));
}

async function names(body: Uint8Array, expect: string, header?: Uint8Array, fileId = id) {
  const ok = expect === 'success';
  return {
    expect,
    payload: ok ? sha(encodeMetadata(metadata)) : NONE,
    masterKey: toHex((await vault()).raw),
    metadata: ok ? JSON.stringify(metadata) : undefined,
    fileId,
    header: header === undefined ? undefined : toHex(header),
    body,
  };
}

add('names_ok', 'an n2 token read from the key of its object and checked against its header; payload is SHA-256 of the encoded metadata', async () =>
  names(await token('names_ok'), 'success', await headerOf('names_ok')),
);
add('names_other_id', 'an n2 token moved onto the key of another object (another file id in the AAD)', async () =>
  names(await token('names_other_id', 'names_other_id', otherId), 'error wrong-key'),
);
add('names_flipped_ciphertext', 'one bit of the ciphertext flipped (inside a base64url character)', async () =>
  names(flip(await token('names_flipped_ciphertext'), -3), 'error wrong-key'),
);
add('names_header_mismatch', "an n2 token over another file's header with the same name, size, type and date: only the header commitment differs", async () =>
  names(await token('names_header_mismatch', 'names_header_mismatch/sealed-for'), 'error name-mismatch', await headerOf('names_header_mismatch')),
);
add('names_unknown_version', 'prefix n3 instead of n2', async () => {
  const body = await token('names_unknown_version');
  body[1] = 0x33;
  return names(body, 'error unsupported-version');
});
add('names_v1_ok', 'an n1 token (the token of the n1-era names_ok vector, byte for byte): still read, under any file id', async () =>
  names(await tokenV1('names_ok'), 'success'),
);
add('names_v1_relabeled_v2', 'an n1 token with its prefix changed to n2 (another AAD and layout)', async () => {
  const body = await tokenV1('names_v1_relabeled_v2');
  body[1] = 0x32;
  return names(body, 'error wrong-key');
});
add('names_v1_size_mismatch', "an n1 token (no commitment) over a header whose size is not the token's", async () =>
  names(await tokenV1('names_v1_size_mismatch'), 'error name-mismatch', await headerOf('names_v1_size_mismatch', { ...metadata, size: 1235 })),
);

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
