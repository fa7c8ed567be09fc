/** Shared pieces of the deterministic vector generator: seeded randomness, file builders, the vector registry. */
import { createSHA256 } from 'hash-wasm';
import { concat, toHex, u32 } from '../bytes';
import { CHUNK_SIZE, FILE_SALT_LENGTH, SEALED_CHUNK_SIZE } from '../constants';
import { createEncryptor, type Encryptor } from '../encrypt';
import { buildHeader } from '../header';
import { deriveFileKeys, type Random } from '../keys';
import { encodeMetadata } from '../metadata';
import { chunkCount, sealChunk } from '../payload';
import { wrapFileKey, type RawStanza } from '../stanzas';
import { meta, pattern, TEST_ARGON2 } from '../test-helpers';
import type { FileMetadata, Recipient } from '../types';
import { createVault, openSettingsRaw } from '../vault';
import type { Vector } from './vector-file';

export const PASS = 'correct horse battery staple';
const hasher = await createSHA256();
/** Hex SHA-256. */
export const sha = (b: Uint8Array): string => hasher.init().update(b).digest('hex');

/** Deterministic bytes: SHA-256(name "/" counter), concatenated. Never for real keys. */
export function seeded(name: string): Random {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let at = 0; at < n; at += 32) out.set(hasher.init().update(`${name}/${counter++}`).digest('binary').subarray(0, n - at), at);
    return out;
  };
}

/** A file's plaintext, metadata, header and chunks. */
export interface Built {
  plaintext: Uint8Array;
  metadata: FileMetadata;
  header: Uint8Array;
  chunks: Uint8Array[];
  fileKey: Uint8Array;
}

export async function chunksOf(enc: Pick<Encryptor, 'encryptChunk'>, plaintext: Uint8Array, size = plaintext.length): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (let i = 0; i < chunkCount(size); i++) {
    out.push(await enc.encryptChunk(i, plaintext.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE), i === chunkCount(size) - 1));
  }
  return out;
}

export async function build(name: string, size: number, recipients?: Recipient[], metadata = meta(size)): Promise<Built> {
  const random = seeded(name);
  const fileKey = random(32);
  const enc = await createEncryptor({ metadata, recipients: recipients ?? [{ type: 'vault', masterKey: (await vault()).masterKey }], fileKey }, random);
  const plaintext = pattern(size, size + 7);
  return { plaintext, metadata, header: enc.header, chunks: await chunksOf(enc, plaintext), fileKey };
}

/** A header of our own making, MACed properly: for rules a correct encryptor never breaks. */
export async function craft(name: string, opts: { stanzas?: RawStanza[]; metadata?: Uint8Array; size?: number; plaintext?: Uint8Array; extra?: Uint8Array }): Promise<Built> {
  const random = seeded(name);
  const fileKey = random(32);
  const salt = random(FILE_SALT_LENGTH);
  const keys = await deriveFileKeys(fileKey, salt);
  const plaintext = opts.plaintext ?? pattern(opts.size ?? 100, 3);
  const metadata = meta(opts.size ?? plaintext.length);
  const stanzas = opts.stanzas ?? [await wrapFileKey({ type: 'vault', masterKey: (await vault()).masterKey }, fileKey, random)];
  let header = await buildHeader(keys, salt, stanzas, opts.metadata ?? encodeMetadata(metadata));
  if (opts.extra !== undefined) {
    const body = concat(header.subarray(0, header.length - 32), opts.extra);
    body.set(u32(body.length + 32), 12);
    header = concat(body, new Uint8Array(await crypto.subtle.sign('HMAC', keys.mac, body)));
  }
  const enc = { encryptChunk: (i: number, p: Uint8Array, last: boolean) => sealChunk(keys.payload, i, last, p) };
  return { plaintext, metadata, header, chunks: await chunksOf(enc, plaintext, metadata.size), fileKey };
}

let vaultCache: Promise<{ settings: Uint8Array; masterKey: CryptoKey; raw: Uint8Array }> | undefined;
export function vault(): Promise<{ settings: Uint8Array; masterKey: CryptoKey; raw: Uint8Array }> {
  vaultCache ??= (async () => {
    const v = await createVault(PASS, { argon2: TEST_ARGON2 }, seeded('vault'));
    return { ...v, raw: await openSettingsRaw(v.settings, PASS) };
  })();
  return vaultCache;
}

export const file = (b: Built): Uint8Array => concat(b.header, ...b.chunks);
export const flip = (bytes: Uint8Array, at: number): Uint8Array => {
  const out = bytes.slice();
  const i = at < 0 ? out.length + at : at;
  out[i] = (out[i] ?? 0) ^ 0x01;
  return out;
};
export const NONE = sha(new Uint8Array(0));
export const chunkAt = (b: Built, i: number): number => b.header.length + i * SEALED_CHUNK_SIZE;

export type Make = () => Promise<Omit<Vector, 'comment'>>;
export const vectors: Record<string, [comment: string, make: Make]> = {};
export const add = (name: string, comment: string, make: Make): void => {
  vectors[name] = [comment, make];
};

export async function withVault(b: Built, body: Uint8Array, expect = 'success', released?: Uint8Array): Promise<Omit<Vector, 'comment'>> {
  const ok = expect === 'success';
  return { expect, payload: sha(released ?? (ok ? b.plaintext : new Uint8Array(0))), masterKey: toHex((await vault()).raw), metadata: ok ? JSON.stringify(b.metadata) : undefined, body };
}
export const withKey = (b: Built, body: Uint8Array, expect = 'success', released?: Uint8Array): Omit<Vector, 'comment'> => {
  const ok = expect === 'success';
  return { expect, payload: sha(released ?? (ok ? b.plaintext : new Uint8Array(0))), fileKey: toHex(b.fileKey), metadata: ok ? JSON.stringify(b.metadata) : undefined, body };
};

