/**
 * The browser's WebAuthn calls for passkeys that unlock a vault (format SPEC section 14): make a credential with the
 * `prf` extension and user verification, and ask one of the registered credentials for its PRF output. Nothing here
 * is sent anywhere: the challenge is random and nobody checks the signature, because the credential serves only as a
 * key source. The PRF output goes back to the caller, who uses it and zeroes it.
 */
import { toBase64url } from '../../format';

/** Why a passkey step did not give a PRF output, with a message a person can act on. */
export class PasskeyError extends Error {
  override name = 'PasskeyError';
  constructor(
    readonly reason: 'unsupported' | 'no-prf' | 'cancelled' | 'registered' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

/** Where a passkey can be used here, or why not (this browser, this address). */
export type PasskeySupport = { usable: true } | { usable: false; reason: string };

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Whether this page can use passkeys. The RP id is the page's host, and an IP address is no valid RP id (WebAuthn):
 * an app opened at 127.0.0.1 is pointed to the same address under `localhost`.
 */
export function passkeySupport(
  place: { hostname: string; href: string; secure: boolean; webAuthn: boolean } = {
    hostname: window.location.hostname,
    href: window.location.href,
    secure: window.isSecureContext,
    webAuthn: typeof PublicKeyCredential !== 'undefined',
  },
): PasskeySupport {
  if (!place.webAuthn || !place.secure) return { usable: false, reason: 'This browser cannot use passkeys here (they need a recent browser and a secure, https:// address).' };
  const host = place.hostname;
  if (IPV4.test(host) || host.includes(':') || host.startsWith('[')) {
    const loopback = host === '127.0.0.1' || host === '[::1]' || host === '::1';
    const there = new URL(place.href);
    there.hostname = 'localhost';
    const hint = loopback ? ` Open this page as ${there.origin} instead.` : '';
    return { usable: false, reason: `Passkeys work only when the app is opened at a name, not at a numeric address such as ${host}.${hint}` };
  }
  return { usable: true };
}

/** Two minutes to touch the authenticator: WebAuthn's own suggestion for user verification. */
const TIMEOUT_MS = 120_000;

function challenge(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(32));
}

/** What a failed `navigator.credentials` call means for the person. */
function explain(error: unknown, doing: 'register' | 'unlock'): PasskeyError {
  if (error instanceof PasskeyError) return error;
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'AbortError') {
    // WebAuthn says the same for a closed prompt and for an authenticator that holds none of the passkeys asked for.
    const message =
      doing === 'unlock'
        ? 'No passkey of this vault answered (the prompt was closed or timed out, or this device holds none of its passkeys). Unlock with your passphrase.'
        : 'The passkey prompt was closed or timed out. Nothing was stored.';
    return new PasskeyError('cancelled', message);
  }
  if (name === 'InvalidStateError' && doing === 'register') return new PasskeyError('registered', 'This authenticator already holds a passkey for this vault.');
  if (name === 'SecurityError') return new PasskeyError('unsupported', 'This address cannot use passkeys (they need the app at a name, over https:// or at localhost).');
  return new PasskeyError('failed', `The passkey could not be used: ${error instanceof Error ? error.message : String(error)}`);
}

/** The bytes of a PRF result, copied (the caller zeroes the copy) and the browser's buffer zeroed. */
function prfBytes(result: BufferSource | undefined): Uint8Array | undefined {
  if (result === undefined) return undefined;
  const view = result instanceof ArrayBuffer ? new Uint8Array(result) : new Uint8Array(result.buffer, result.byteOffset, result.byteLength);
  const copy = view.slice();
  view.fill(0);
  return copy;
}

const NO_PRF =
  'This passkey cannot unlock a vault: its authenticator or this browser does not offer the PRF feature that gives Coffer a key. Nothing was stored. Try another authenticator, or a passkey saved in your browser or phone.';

/** Whether `credential` is a WebAuthn one (by its type: the class itself exists only where WebAuthn does). */
function isPublicKeyCredential(credential: Credential | null): credential is PublicKeyCredential {
  return credential?.type === 'public-key';
}

/** What a registration made: the credential and its PRF output for the salt. */
export interface MadePasskey {
  credentialId: Uint8Array;
  prfOutput: Uint8Array;
}

/** A credential in the list to ask: its id and the PRF input (the entry's salt). */
export interface AskedPasskey {
  credentialId: Uint8Array;
  salt: Uint8Array;
}

/**
 * Asks one of `passkeys` for its PRF output (user verification required): the credential that answered and the
 * output for its salt. An authenticator that gives no output is refused with a plain message.
 */
export async function evaluatePasskey(passkeys: readonly AskedPasskey[], credentials: CredentialsContainer = navigator.credentials): Promise<MadePasskey> {
  const evalByCredential = Object.fromEntries(passkeys.map((p) => [toBase64url(p.credentialId), { first: new Uint8Array(p.salt) }]));
  let assertion: Credential | null;
  try {
    assertion = await credentials.get({
      publicKey: {
        challenge: challenge(),
        allowCredentials: passkeys.map((p) => ({ type: 'public-key', id: new Uint8Array(p.credentialId) })),
        userVerification: 'required',
        timeout: TIMEOUT_MS,
        extensions: { prf: { evalByCredential } },
      },
    });
  } catch (error) {
    throw explain(error, 'unlock');
  }
  if (!isPublicKeyCredential(assertion)) throw new PasskeyError('failed', 'The browser gave no passkey.');
  const prfOutput = prfBytes(assertion.getClientExtensionResults().prf?.results?.first);
  if (prfOutput === undefined) throw new PasskeyError('no-prf', 'This passkey gave no key (its authenticator does not offer the PRF feature): unlock with your passphrase.');
  return { credentialId: new Uint8Array(assertion.rawId), prfOutput };
}

/** What a registration needs: the vault (as the user handle), whose it is, the PRF input, the credentials to exclude. */
export interface PasskeyRequest {
  /** The vault id: one user handle per vault, so registering on an authenticator again replaces its old passkey there. */
  userId: Uint8Array;
  /** What the authenticator and password managers show for it. */
  userName: string;
  salt: Uint8Array;
  exclude: readonly Uint8Array[];
}

/**
 * Makes a passkey with the `prf` extension, user verification required, and gets its PRF output for `salt`: at
 * creation where the authenticator gives it then, else with one more touch. Refuses one without PRF (`prf.enabled`
 * false) and tells the authenticator to drop it.
 */
export async function createPasskey(request: PasskeyRequest, credentials: CredentialsContainer = navigator.credentials): Promise<MadePasskey> {
  let created: Credential | null;
  try {
    created = await credentials.create({
      publicKey: {
        rp: { name: 'Coffer' },
        user: { id: new Uint8Array(request.userId), name: request.userName, displayName: request.userName },
        challenge: challenge(),
        // ES256, Ed25519, RS256: what authenticators offer; the signature is never checked (see above).
        pubKeyCredParams: [-7, -8, -257].map((alg) => ({ type: 'public-key' as const, alg })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
        excludeCredentials: request.exclude.map((id) => ({ type: 'public-key' as const, id: new Uint8Array(id) })),
        attestation: 'none',
        timeout: TIMEOUT_MS,
        extensions: { prf: { eval: { first: new Uint8Array(request.salt) } } },
      },
    });
  } catch (error) {
    throw explain(error, 'register');
  }
  if (!isPublicKeyCredential(created)) throw new PasskeyError('failed', 'The browser made no passkey.');
  const credentialId = new Uint8Array(created.rawId);
  const prf = created.getClientExtensionResults().prf;
  if (prf?.enabled !== true) {
    forgetPasskey(credentialId);
    throw new PasskeyError('no-prf', NO_PRF);
  }
  const atCreation = prfBytes(prf.results?.first);
  if (atCreation !== undefined) return { credentialId, prfOutput: atCreation };
  try {
    return await evaluatePasskey([{ credentialId, salt: request.salt }], credentials);
  } catch (error) {
    forgetPasskey(credentialId);
    throw error instanceof PasskeyError && error.reason === 'no-prf' ? new PasskeyError('no-prf', NO_PRF) : error;
  }
}

/** Signal API, where the browser has it (Chromium 132+): not yet in TypeScript's DOM types. */
interface SignalApi {
  signalUnknownCredential?: (options: { rpId: string; credentialId: string }) => Promise<void>;
}

/**
 * Tells the authenticator or password manager that a credential no longer unlocks anything (removed, refused or never
 * stored), so it can drop it from its list. Best effort: browsers without the Signal API keep it, which is harmless.
 */
export function forgetPasskey(credentialId: Uint8Array): void {
  const signal = (typeof PublicKeyCredential === 'undefined' ? undefined : PublicKeyCredential) as SignalApi | undefined;
  if (signal?.signalUnknownCredential === undefined) return;
  void signal.signalUnknownCredential({ rpId: window.location.hostname, credentialId: toBase64url(credentialId) }).catch(() => undefined);
}
