/** Header vectors: prefix, structure, limits and MAC failures, and metadata edge cases. */
import { concat, i64, toHex, u16, u32, u64 } from '../bytes';
import { STANZA_VAULT } from '../constants';
import { encodeMetadata } from '../metadata';
import { wrapFileKey } from '../stanzas';
import { meta, pattern } from '../test-helpers';
import { add, build, craft, file, flip, seeded, vault, withKey, withVault } from './gen-kit';

const patch = (bytes: Uint8Array, at: number, value: Uint8Array): Uint8Array => {
  const out = bytes.slice();
  out.set(value, at);
  return out;
};

add('header_bad_magic', 'second magic byte changed', async () => { const b = await build('hmagic', 10); return withKey(b, flip(file(b), 1), 'error not-coffer'); });
add('header_unknown_version', 'version 2', async () => { const b = await build('hversion', 10); return withKey(b, patch(file(b), 8, u32(2)), 'error unsupported-version'); });
add('header_length_over_max', 'header length 65537', async () => { const b = await build('hlong', 10); return withKey(b, patch(file(b), 12, u32(65537)), 'error limits-exceeded'); });
add('header_length_under_min', 'header length 50', async () => { const b = await build('hshort', 10); return withKey(b, patch(file(b), 12, u32(50)), 'error malformed-header'); });
add('header_truncated', 'the file ends inside the header', async () => { const b = await build('htrunc', 10); return withKey(b, b.header.subarray(0, 60), 'error truncated'); });
add('header_no_stanzas', 'stanza count 0', async () => { const b = await build('hnone', 10); return withKey(b, patch(file(b), 48, new Uint8Array([0])), 'error malformed-header'); });
add('header_too_many_stanzas', 'stanza count 65', async () => { const b = await build('hmany', 10); return withKey(b, patch(file(b), 48, new Uint8Array([65])), 'error limits-exceeded'); });
add('header_unknown_stanza', 'an authentic header with a stanza of type 0x7f', async () => {
  const random = seeded('hunknown-stanza');
  const b = await craft('hunknown', { stanzas: [await wrapFileKey({ type: 'vault', masterKey: (await vault()).masterKey }, random(32), random), { type: 0x7f, body: random(10) }] });
  return withKey(b, file(b), 'error unknown-stanza');
});
add('header_stanza_bad_length', 'an authentic header with a 63-byte vault stanza', async () => {
  const b = await craft('hstanzalen', { stanzas: [{ type: STANZA_VAULT, body: seeded('x')(63) }] });
  return withKey(b, file(b), 'error malformed-header');
});
add('header_mac_flipped', 'one bit of the header MAC flipped', async () => { const b = await build('hmac', 10); return withKey(b, flip(file(b), b.header.length - 1), 'error wrong-key'); });
add('header_salt_flipped', 'one bit of the file salt flipped', async () => { const b = await build('hsalt', 10); return withKey(b, flip(file(b), 20), 'error wrong-key'); });
add('header_metadata_flipped', 'one bit of the sealed metadata flipped', async () => { const b = await build('hmeta', 10); return withVault(b, flip(file(b), b.header.length - 40), 'error wrong-key'); });
add('header_stanza_from_other_file', 'the vault stanza replaced by another file\'s (same vault)', async () => {
  const a = await build('hswapA', 10);
  const b = await build('hswapB', 10);
  return withVault(a, patch(file(a), 49, b.header.subarray(49, 49 + 67)), 'error wrong-key');
});
add('header_wrong_file_key', 'opened with another file key', async () => {
  const b = await build('hwrongkey', 10);
  return { ...withKey(b, file(b), 'error wrong-key'), fileKey: toHex(seeded('other key')(32)) };
});
add('header_metadata_not_utf8', 'an authentic header whose file name is not UTF-8', async () => {
  const b = await craft('hutf8', { metadata: concat(u64(100), i64(0), u16(2), new Uint8Array([0xc3, 0x28]), u16(0)) });
  return withKey(b, file(b), 'error malformed-header');
});
add('header_metadata_name_too_long', 'an authentic header with a 4097-byte name', async () => {
  const b = await craft('hnamelen', { metadata: concat(u64(100), i64(0), u16(4097), pattern(4097).map((x) => 0x61 + (x % 26)), u16(0)) });
  return withKey(b, file(b), 'error limits-exceeded');
});
add('header_extra_byte_before_mac', 'an authentic header with one byte after the metadata', async () => {
  const b = await craft('hextra', { extra: new Uint8Array([0]) });
  return withKey(b, file(b), 'error malformed-header');
});
add('header_unicode_metadata', 'non-ASCII name, MIME parameters, a date before 1970', async () => {
  const metadata = { ...meta(100, 'Café 日本 🙂.txt'), type: 'text/plain; charset=utf-8', modified: -86_400_000 };
  const b = await craft('hunicode', { metadata: encodeMetadata(metadata), plaintext: pattern(100, 3) });
  return withKey({ ...b, metadata }, file(b));
});
