/** Spawns the real `coffer` launcher on real files. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPasskey, changeVaultPassphrase, CHUNK_SIZE, createEncryptor, createVault, finishVaultKeyRotation, rotateVaultKey, wrapKeyWithPassword } from '../format';

const bin = join(import.meta.dirname, '../../bin/coffer.mjs');
let dir: string;
const at = (name: string): string => join(dir, name);

function coffer(args: string[], input?: Uint8Array): { status: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, input, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

const random = (n: number): Buffer => {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coffer-cli-'));
  writeFileSync(at('big.bin'), random(5 * CHUNK_SIZE + 12345));
  writeFileSync(at('pw'), 'correct horse battery staple\n');
  writeFileSync(at('wrong-pw'), 'incorrect horse\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('coffer CLI', () => {
  it('encrypts and decrypts a file of several chunks with a passphrase', () => {
    expect(coffer(['encrypt', 'big.bin', '-o', 'big.coffer', '--passphrase-file', 'pw']).status).toBe(0);
    const r = coffer(['decrypt', 'big.coffer', '-o', 'big.out', '--passphrase-file', 'pw']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(at('big.out')).equals(readFileSync(at('big.bin')))).toBe(true);
  }, 30_000);

  it('fails with one line, exit 1 and no output file on a tampered file, a truncated file or a wrong passphrase', () => {
    const file = readFileSync(at('big.coffer'));
    const tampered = Buffer.from(file);
    tampered.writeUInt8(tampered.readUInt8(file.length - 3 * CHUNK_SIZE) ^ 1, file.length - 3 * CHUNK_SIZE);
    writeFileSync(at('tampered.coffer'), tampered);
    writeFileSync(at('cut.coffer'), file.subarray(0, file.length - 100));
    const cases: [string, string, RegExp][] = [
      ['tampered.coffer', 'pw', /changed or is corrupted/],
      ['cut.coffer', 'pw', /truncated/],
      ['big.coffer', 'wrong-pw', /wrong passphrase or key, or the file was changed/],
    ];
    for (const [input, pw, reason] of cases) {
      const r = coffer(['decrypt', input, '-o', 'never.out', '--passphrase-file', pw]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(reason);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(readdirSync(dir).filter((n) => n.includes('never'))).toEqual([]);
    }
  }, 30_000);

  it('streams stdin to stdout both ways', () => {
    const plaintext = random(CHUNK_SIZE + 7);
    const enc = coffer(['encrypt', '-', '-o', '-', '--passphrase-file', 'pw', '--name', 'piped.txt'], plaintext);
    expect(enc.status).toBe(0);
    const dec = coffer(['decrypt', '-', '-o', '-', '--passphrase-file', 'pw'], enc.stdout);
    expect(dec.status).toBe(0);
    expect(dec.stdout.equals(plaintext)).toBe(true);
  }, 30_000);

  it('encrypts to a vault and decrypts with the vault settings and passphrase', async () => {
    const { settings } = await createVault('correct horse battery staple', { argon2: { memoryKiB: 1024, iterations: 1, parallelism: 1 } });
    writeFileSync(at('settings.coffer'), settings);
    writeFileSync(at('small.txt'), 'hello vault\n');
    expect(coffer(['encrypt', 'small.txt', '-o', 'small.coffer', '--vault', 'settings.coffer', '--passphrase-file', 'pw']).status).toBe(0);
    const r = coffer(['decrypt', 'small.coffer', '-o', '-', '--vault', 'settings.coffer', '--passphrase-file', 'pw']);
    expect(r.stdout.toString()).toBe('hello vault\n');
    expect(coffer(['decrypt', 'small.coffer', '-o', '-', '--passphrase-file', 'pw']).stderr).toMatch(/not encrypted to this kind of key/);
    // A wrong passphrase for the settings is said once, not as the file's "wrong key" and then the vault's.
    const wrong = coffer(['decrypt', 'small.coffer', '-o', '-', '--vault', 'settings.coffer', '--passphrase-file', 'wrong-pw']);
    expect([wrong.status, wrong.stderr]).toEqual([1, 'coffer decrypt: wrong passphrase, or the vault settings were changed\n']);
  }, 30_000);

  it('reads settings of version 1 and 2, and during a key rotation opens files under both keys', async () => {
    const argon2 = { memoryKiB: 1024, iterations: 1, parallelism: 1 };
    const pass = 'correct horse battery staple';
    const { settings, masterKey: old } = await createVault(pass, { argon2 });
    const plaintext = new TextEncoder().encode('before the rotation');
    const enc = await createEncryptor({ metadata: { name: 'a', type: '', size: plaintext.length, modified: 0 }, recipients: [{ type: 'vault', masterKey: old }] });
    writeFileSync(at('old.coffer'), Buffer.concat([enc.header, await enc.encryptChunk(0, plaintext, true)]));
    const rotation = await rotateVaultKey(await changeVaultPassphrase(settings, pass, pass, { argon2 }), pass, { argon2 });
    writeFileSync(at('rotating.coffer'), rotation.settings);
    const r = coffer(['decrypt', 'old.coffer', '-o', '-', '--vault', 'rotating.coffer', '--passphrase-file', 'pw']);
    expect(r.stderr).toBe('');
    expect(r.stdout.toString()).toBe('before the rotation');
    writeFileSync(at('rotated.coffer'), await finishVaultKeyRotation(rotation.settings, rotation.masterKey));
    expect(coffer(['decrypt', 'old.coffer', '-o', '-', '--vault', 'rotated.coffer', '--passphrase-file', 'pw']).stderr).toMatch(/wrong passphrase or key/);
  }, 30_000);

  it('decrypts with the passkey object and a PRF output instead of the passphrase; another PRF output is refused', async () => {
    const argon2 = { memoryKiB: 1024, iterations: 1, parallelism: 1 };
    const pass = 'correct horse battery staple';
    const { settings, masterKey } = await createVault(pass, { argon2 });
    const laptop = { credentialId: random(32), name: 'Laptop', created: 1, salt: random(32), prfOutput: random(32) };
    const phone = { credentialId: random(16), name: 'Phone', created: 2, salt: random(32), prfOutput: random(32) };
    const one = await addPasskey(settings, pass, null, laptop);
    writeFileSync(at('pk-settings.coffer'), settings);
    writeFileSync(at('passkeys-one.coffer'), one);
    writeFileSync(at('passkeys-two.coffer'), await addPasskey(settings, pass, one, phone));
    const plaintext = new TextEncoder().encode('opened by a passkey');
    const enc = await createEncryptor({ metadata: { name: 'a', type: '', size: plaintext.length, modified: 0 }, recipients: [{ type: 'vault', masterKey }] });
    writeFileSync(at('pk.coffer'), Buffer.concat([enc.header, await enc.encryptChunk(0, plaintext, true)]));
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    const decrypt = (...flags: string[]) => coffer(['decrypt', 'pk.coffer', '-o', '-', '--vault', 'pk-settings.coffer', ...flags]);

    const ok = decrypt('--passkeys', 'passkeys-one.coffer', '--prf-output', hex(laptop.prfOutput));
    expect(ok.stderr).toBe('');
    expect(ok.stdout.toString()).toBe('opened by a passkey');
    expect(decrypt('--passkeys', 'passkeys-two.coffer', '--prf-output', hex(phone.prfOutput), '--credential', 'Phone').stdout.toString()).toBe('opened by a passkey');
    expect(decrypt('--passkeys', 'passkeys-two.coffer', '--prf-output', hex(phone.prfOutput), '--credential', Buffer.from(phone.credentialId).toString('base64url')).status).toBe(0);

    const several = decrypt('--passkeys', 'passkeys-two.coffer', '--prf-output', hex(phone.prfOutput));
    expect(several.status).toBe(1);
    expect(several.stderr).toMatch(/lists 2 passkeys: choose one with --credential .*"Laptop".*"Phone"/);
    const fresh = decrypt('--passkeys', 'passkeys-one.coffer', '--prf-output', hex(random(32)));
    expect(fresh.status).toBe(1);
    expect(fresh.stderr).toMatch(/this passkey does not open the vault/);
    expect(fresh.stdout.length).toBe(0);
    expect(decrypt('--passkeys', 'passkeys-one.coffer', '--prf-output', 'abcd').stderr).toMatch(/a PRF output is 32 bytes/);
    expect(decrypt('--passkeys', 'passkeys-one.coffer').status).toBe(2);
  }, 30_000);

  it('decrypts with a file key or a passwordless share link, and explains other links', async () => {
    const fileKey = random(32);
    const plaintext = new TextEncoder().encode('shared file');
    const enc = await createEncryptor({ metadata: { name: 'a', type: '', size: plaintext.length, modified: 0 }, recipients: [{ type: 'public-key', publicKey: random(32) }], fileKey });
    writeFileSync(at('shared.coffer'), Buffer.concat([enc.header, await enc.encryptChunk(0, plaintext, true)]));
    const key = fileKey.toString('base64url');
    const wrapped = Buffer.from(await wrapKeyWithPassword(fileKey, 'correct horse battery staple', { argon2: { memoryKiB: 64, iterations: 1, parallelism: 1 } }));
    const id = 'AAAAAAAAAAAAAAAAAAAAAA';
    const direct = `https://vault.example/s/direct#d1.${Buffer.from('https://s3.example/b/k?X-Amz-Signature=1').toString('base64url')}`;
    for (const flags of [
      ['--key', key],
      ['--key', fileKey.toString('hex')],
      ['--link', `https://vault.example/s/abc123#${key}`],
      ['--link', `https://vault.example/s/${id}#k1.${key}`],
      ['--link', `${direct}.k1.${key}`],
      ['--link', `https://vault.example/s/${id}#p1.${wrapped.toString('base64url')}`, '--passphrase-file', 'pw'],
      ['--link', `${direct}.p1.${wrapped.toString('base64url')}`, '--passphrase-file', 'pw'],
      ['--link', `https://vault.example/s/${id}#k1.${key}.f1.c2VhbGVkLW5hbWU`],
      ['--link', `${direct}.p1.${wrapped.toString('base64url')}.f1.c2VhbGVkLW5hbWU`, '--passphrase-file', 'pw'],
    ]) {
      expect(coffer(['decrypt', 'shared.coffer', '-o', '-', ...flags]).stdout.toString()).toBe('shared file');
    }
    const password = `https://vault.example/s/${id}#p1.${wrapped.toString('base64url')}`;
    expect(coffer(['decrypt', 'shared.coffer', '-o', '-', '--link', password]).stderr).toMatch(/password-protected/);
    expect(coffer(['decrypt', 'shared.coffer', '-o', '-', '--link', password, '--passphrase-file', 'wrong-pw']).stderr).toMatch(/wrong password/);
    const r = coffer(['decrypt', 'shared.coffer', '-o', '-', '--link', `https://vault.example/s/${id}#k9.AAAA`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/newer kind/);
    expect(coffer(['decrypt', 'shared.coffer', '-o', '-', '--link', `https://vault.example/s/${id}#k1.${key}.f2.AAAA`]).stderr).toMatch(/newer kind/);
  }, 30_000);

  it('refuses a share name longer than SPEC section 10 allows, as the app does', () => {
    const fileKey = random(32).toString('base64url');
    const link = (name: string) => `https://vault.example/s/AAAAAAAAAAAAAAAAAAAAAA#k1.${fileKey}.f1.${name}`;
    // "f1." and 5,867 characters is the largest sealed metadata: one more is refused before anything is read.
    for (const [name, refused] of [
      ['A'.repeat(5866) + 'Q', false],
      ['A'.repeat(5868), true],
    ] as const) {
      const r = coffer(['decrypt', 'missing.coffer', '-o', '-', '--link', link(name)]);
      expect(r.status).toBe(1);
      if (refused) expect(r.stderr).toMatch(/--link: the link's file name is damaged/);
      else expect(r.stderr).toMatch(/missing\.coffer/);
    }
  });

  it('refuses base64url secrets that are not canonical: nonzero unused bits, or padding', () => {
    const key = Buffer.alloc(32, 7).toString('base64url'); // 43 characters, the last one's 2 unused bits zero
    const last = key.at(-1) ?? '';
    const sloppy = key.slice(0, -1) + String.fromCharCode(last.charCodeAt(0) + 1); // the same 32 bytes to a lenient decoder
    expect(Buffer.from(sloppy, 'base64url').equals(Buffer.from(key, 'base64url'))).toBe(true);
    const wrapped = Buffer.alloc(76, 9).toString('base64url'); // 102 characters, 4 unused bits
    const sloppyWrapped = wrapped.slice(0, -1) + String.fromCharCode((wrapped.at(-1) ?? '').charCodeAt(0) + 1);
    const id = 'AAAAAAAAAAAAAAAAAAAAAA';
    for (const [flags, reason] of [
      [['--key', sloppy], /a file key is 32 bytes/],
      [['--link', `https://vault.example/s/abc123#${sloppy}`], /--link: the link's key is damaged/],
      [['--link', `https://vault.example/s/${id}#k1.${sloppy}`], /--link: the link's key is damaged/],
      [['--link', `https://vault.example/s/${id}#k1.${key}=`], /--link: the link's key is damaged/],
      [['--link', `https://vault.example/s/${id}#p1.${sloppyWrapped}`, '--passphrase-file', 'pw'], /--link: the link's key is damaged/],
      [['--link', `https://vault.example/s/${id}#k1.${key}.f1.c2VhbGVkLW5hbWV`], /--link: the link's file name is damaged/],
    ] as const) {
      const r = coffer(['decrypt', 'missing.coffer', '-o', '-', ...flags]);
      expect(r.status, flags.join(' ')).toBe(1);
      expect(r.stderr).toMatch(reason);
    }
  });

  it('refuses to replace an existing output without --force, and reports usage mistakes with exit 2', () => {
    writeFileSync(at('exists.out'), 'keep me');
    expect(coffer(['decrypt', 'big.coffer', '-o', 'exists.out', '--passphrase-file', 'pw']).status).toBe(1);
    expect(readFileSync(at('exists.out'), 'utf8')).toBe('keep me');
    expect(coffer(['decrypt', 'big.coffer', '--passphrase-file', 'pw']).status).toBe(2);
    expect(coffer(['decrypt', 'big.coffer', '-o', 'x', '--key', 'abc', '--passphrase-file', 'pw']).status).toBe(2);
    expect(coffer(['frobnicate']).status).toBe(2);
    expect(coffer(['user', 'frobnicate']).status).toBe(2);
    expect(coffer(['encrypt', '--help']).stdout.toString()).toMatch(/usage: coffer encrypt/);
  }, 30_000);
});
