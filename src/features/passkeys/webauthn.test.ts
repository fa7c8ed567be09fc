/**
 * What the app makes of the browser's WebAuthn answers. The e2e tests drive Chromium's virtual authenticator, which
 * gives a PRF output at creation; authenticators that give it only on the next request (many security keys), and
 * answers without one, are played here by a CredentialsContainer of scripted answers.
 */
import { describe, expect, it } from 'vitest';
import { createPasskey, evaluatePasskey, passkeySupport } from './webauthn';

type Results = AuthenticationExtensionsClientOutputs;

/** A credential as the browser hands it over: the parts the app reads. */
function credential(rawId: Uint8Array, results: Results): Credential {
  return { id: '', type: 'public-key', rawId: rawId.buffer, getClientExtensionResults: () => results } as unknown as Credential;
}

/** A container that answers create() and get() from scripts, and records what it was asked. */
function container(answers: { create?: () => Credential; get?: (options: CredentialRequestOptions) => Credential }) {
  const asked: { create: CredentialCreationOptions[]; get: CredentialRequestOptions[] } = { create: [], get: [] };
  const stub = {
    create: async (options: CredentialCreationOptions) => {
      asked.create.push(options);
      if (!answers.create) throw new DOMException('no', 'NotAllowedError');
      return answers.create();
    },
    get: async (options: CredentialRequestOptions) => {
      asked.get.push(options);
      if (!answers.get) throw new DOMException('no', 'NotAllowedError');
      return answers.get(options);
    },
  } as unknown as CredentialsContainer;
  return { stub, asked };
}

const id = new Uint8Array([1, 2, 3, 4]);
const salt = new Uint8Array(32).fill(9);
const output = () => new Uint8Array(32).fill(7).buffer;
const request = { userId: new Uint8Array(16), userName: 'alice (Coffer vault)', salt, exclude: [new Uint8Array([5, 5])] };

describe('passkeys in the browser', () => {
  it('asks for PRF with user verification, and takes the output given at creation', async () => {
    const { stub, asked } = container({ create: () => credential(id, { prf: { enabled: true, results: { first: output() } } }) });
    const made = await createPasskey(request, stub);
    expect(made.credentialId).toEqual(id);
    expect(made.prfOutput).toEqual(new Uint8Array(32).fill(7));
    const options = asked.create[0]?.publicKey;
    expect(options?.authenticatorSelection?.userVerification).toBe('required');
    expect(options?.extensions?.prf?.eval?.first).toEqual(salt);
    expect(options?.excludeCredentials?.map((c) => c.id)).toEqual([new Uint8Array([5, 5])]);
    expect(asked.get).toHaveLength(0);
  });

  it('where the authenticator gives no output at creation, asks that credential once more for it', async () => {
    const { stub, asked } = container({
      create: () => credential(id, { prf: { enabled: true } }),
      get: () => credential(id, { prf: { results: { first: output() } } }),
    });
    const made = await createPasskey(request, stub);
    expect(made.prfOutput).toEqual(new Uint8Array(32).fill(7));
    expect(asked.get[0]?.publicKey?.allowCredentials?.map((c) => c.id)).toEqual([id]);
    expect(asked.get[0]?.publicKey?.userVerification).toBe('required');
  });

  it('refuses an authenticator without PRF, at creation and when the second request gives nothing', async () => {
    const without = container({ create: () => credential(id, { prf: { enabled: false } }) });
    await expect(createPasskey(request, without.stub)).rejects.toMatchObject({ reason: 'no-prf', message: expect.stringContaining('Nothing was stored') });
    const silent = container({ create: () => credential(id, {}) });
    await expect(createPasskey(request, silent.stub)).rejects.toMatchObject({ reason: 'no-prf' });
    const noOutput = container({ create: () => credential(id, { prf: { enabled: true } }), get: () => credential(id, {}) });
    await expect(createPasskey(request, noOutput.stub)).rejects.toMatchObject({ reason: 'no-prf' });
  });

  it('at unlock, asks every registered passkey for its own salt and says plainly when none answered', async () => {
    const other = new Uint8Array([8, 8]);
    const { stub, asked } = container({ get: () => credential(other, { prf: { results: { first: output() } } }) });
    const got = await evaluatePasskey([{ credentialId: id, salt }, { credentialId: other, salt: new Uint8Array(32) }], stub);
    expect(got.credentialId).toEqual(other);
    expect(Object.keys(asked.get[0]?.publicKey?.extensions?.prf?.evalByCredential ?? {})).toEqual(['AQIDBA', 'CAg']);
    await expect(evaluatePasskey([{ credentialId: id, salt }], container({}).stub)).rejects.toThrow(/No passkey of this vault answered/);
    await expect(evaluatePasskey([{ credentialId: id, salt }], container({ get: () => credential(id, {}) }).stub)).rejects.toMatchObject({ reason: 'no-prf' });
  });

  it('passkeys need a name for the host: 127.0.0.1 is pointed to localhost', () => {
    const at = (href: string) => passkeySupport({ hostname: new URL(href).hostname, href, secure: true, webAuthn: true });
    expect(at('http://localhost:8787/settings')).toEqual({ usable: true });
    expect(at('https://vault.example.com/')).toEqual({ usable: true });
    expect(at('http://127.0.0.1:8787/settings')).toMatchObject({ usable: false, reason: expect.stringContaining('Open this page as http://localhost:8787 instead.') });
    expect(at('https://10.1.2.3/')).toMatchObject({ usable: false, reason: expect.not.stringContaining('localhost') });
    expect(passkeySupport({ hostname: 'localhost', href: 'http://localhost/', secure: true, webAuthn: false })).toMatchObject({ usable: false });
  });
});
