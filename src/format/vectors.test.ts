/** The one runner for every test vector in testdata/ (see testdata/README.md). */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decryptStream,
  fileObjectKey,
  FormatError,
  openFileObject,
  openName,
  openRecipientKeyPair,
  openShareName,
  type FileMetadata,
  type Identity,
} from './index';
import { encodeMetadata } from './metadata';
import { openPasskeyRawKeys } from './passkeys';
import { inspectVault, openSettingsRawKeys } from './vault';
import { concat } from './bytes';
import { run } from './test-helpers';
import { generateVectors } from './testdata/generate';
import { decodeVector, type Vector } from './testdata/vector-file';

const dir = join(import.meta.dirname, 'testdata');
const isVector = (name: string): boolean => /^[a-z0-9]+_[a-z0-9_]+$/.test(name);

// `npm run format:vectors` (COFFER_WRITE_VECTORS=1) rewrites the folder from the generator before checking it.
if (process.env.COFFER_WRITE_VECTORS === '1') {
  for (const name of readdirSync(dir).filter(isVector)) rmSync(join(dir, name));
  for (const [name, body] of await generateVectors()) writeFileSync(join(dir, name), body);
}
const names = readdirSync(dir).filter(isVector);
const bytes = (hex: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(hex, 'hex'));
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function identityOf(v: Vector): Promise<Identity> {
  if (v.fileKey !== undefined) return { type: 'file-key', fileKey: bytes(v.fileKey) };
  if (v.masterKey !== undefined) {
    return { type: 'vault', masterKey: await crypto.subtle.importKey('raw', bytes(v.masterKey), 'HKDF', false, ['deriveKey']) };
  }
  if (v.privateKey !== undefined && v.publicKey !== undefined) {
    const publicKey = bytes(v.publicKey);
    const algorithm = publicKey.length === 32 ? { name: 'X25519' } : { name: 'ECDH', namedCurve: 'P-256' };
    return { type: 'private-key', privateKey: await crypto.subtle.importKey('pkcs8', bytes(v.privateKey), algorithm, false, ['deriveBits']), publicKey };
  }
  if (v.passphrase !== undefined) return { type: 'passphrase', passphrase: v.passphrase };
  throw new Error('vector has no identity');
}

const outcome = (error: unknown): string => (error === undefined ? 'success' : error instanceof FormatError ? `error ${error.code}` : `crash ${error instanceof Error ? error.toString() : typeof error}`);

/** A token vector (`names_*`, `sharename_*`): the body is the token's ASCII; `open` opens it into metadata. */
async function checkToken(v: Vector, open: (token: string) => Promise<FileMetadata>): Promise<void> {
  const got = await open(new TextDecoder().decode(v.body)).then(
    (metadata) => ({ error: undefined, metadata }),
    (error: unknown) => ({ error, metadata: undefined }),
  );
  expect(outcome(got.error)).toBe(v.expect);
  expect(sha(got.metadata ? encodeMetadata(got.metadata) : new Uint8Array(0))).toBe(v.payload);
  if (v.metadata !== undefined) expect(got.metadata).toEqual(JSON.parse(v.metadata));
}

async function check(name: string, v: Vector, piece: number): Promise<void> {
  if (name.startsWith('settings_')) {
    // The master key, then a rotation's previous master key when the object carries one.
    const got = await openSettingsRawKeys(v.body, v.passphrase ?? '').then(
      (keys) => ({ error: undefined, released: concat(keys.master, keys.previous ?? new Uint8Array(0)) }),
      (error: unknown) => ({ error, released: new Uint8Array(0) }),
    );
    expect(outcome(got.error)).toBe(v.expect);
    expect(sha(got.released)).toBe(v.payload);
    if (v.generation !== undefined) expect(inspectVault(v.body).generation).toBe(Number(v.generation));
    return;
  }
  if (name.startsWith('passkeys_')) {
    // As for settings_*: the master key, then a rotation's previous master key, as the settings give them.
    const got = await openPasskeyRawKeys(bytes(v.settings ?? ''), v.body, bytes(v.credentialId ?? ''), bytes(v.prfOutput ?? '')).then(
      (keys) => ({ error: undefined, released: concat(keys.master, keys.previous ?? new Uint8Array(0)), generation: keys.generation }),
      (error: unknown) => ({ error, released: new Uint8Array(0), generation: undefined }),
    );
    expect(outcome(got.error)).toBe(v.expect);
    expect(sha(got.released)).toBe(v.payload);
    if (v.generation !== undefined) expect(got.generation).toBe(Number(v.generation));
    return;
  }
  if (name.startsWith('keypair_')) {
    const { masterKey } = (await identityOf(v)) as Extract<Identity, { type: 'vault' }>;
    const got = await openRecipientKeyPair(masterKey, v.body).then(
      (identity) => ({ error: undefined, publicKey: identity.publicKey }),
      (error: unknown) => ({ error, publicKey: new Uint8Array(0) }),
    );
    expect(outcome(got.error)).toBe(v.expect);
    expect(sha(got.publicKey)).toBe(v.payload);
    if (v.publicKey !== undefined) expect(Buffer.from(got.publicKey).toString('hex')).toBe(v.publicKey);
    return;
  }
  if (name.startsWith('names_')) {
    const { masterKey } = (await identityOf(v)) as Extract<Identity, { type: 'vault' }>;
    const id = v.fileId ?? '';
    const header = v.header;
    // With a header, as a download reads the object: header authenticated, then the key's token checked against it.
    if (header !== undefined) return checkToken(v, async (token) => (await openFileObject({ masterKey }, fileObjectKey(id, token), bytes(header))).metadata);
    return checkToken(v, async (token) => (await openName(masterKey, id, token)).metadata);
  }
  if (name.startsWith('sharename_')) return checkToken(v, (token) => openShareName(bytes(v.fileKey ?? ''), token));
  const stream = decryptStream(await identityOf(v));
  const { output, error } = await run(stream, v.body, piece);
  expect(outcome(error)).toBe(v.expect);
  expect(sha(output)).toBe(v.payload);
  if (v.metadata !== undefined) expect(await stream.metadata).toEqual(JSON.parse(v.metadata));
}

describe('test vectors', () => {
  it('has at least 30 of them', () => expect(names.length).toBeGreaterThanOrEqual(30));
  it('are exactly what the deterministic generator makes', async () => {
    const generated = await generateVectors();
    expect([...generated.keys()].sort()).toEqual([...names].sort());
    const stale = [...generated].filter(([name, body]) => sha(body) !== sha(readFileSync(join(dir, name)))).map(([name]) => name);
    expect(stale, 'run npm run format:vectors').toEqual([]);
  }, 60_000);
  for (const name of names) {
    it(name, async () => {
      const v = decodeVector(readFileSync(join(dir, name)));
      for (const piece of [v.body.length || 1, 4099]) await check(name, v, piece);
    });
  }
});
