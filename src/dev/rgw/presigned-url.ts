/**
 * Tampering with pre-signed URLs, for tests that prove a server checks what a SigV4 signature covers.
 * Each helper takes a signed URL (from getSignedUrl, or from Coffer's endpoint) and returns a modified copy.
 */

/** A secret that is not `secret`: its last character changed (to one it is not: RGW's random secrets end in any). */
export function wrongSecret(secret: string): string {
  return secret.slice(0, -1) + (secret.endsWith('x') ? 'y' : 'x');
}

/** The same URL with the last hex digit of X-Amz-Signature changed. */
export function withAlteredSignature(signedUrl: string): string {
  const url = new URL(signedUrl);
  const signature = url.searchParams.get('X-Amz-Signature');
  if (!signature) throw new Error(`not a SigV4 pre-signed URL: ${signedUrl}`);
  const last = signature.at(-1) === '0' ? '1' : '0';
  url.searchParams.set('X-Amz-Signature', signature.slice(0, -1) + last);
  return url.toString();
}

/**
 * The same URL pointing at `toKey` instead of `fromKey`: works for path-style and virtual-hosted URLs,
 * since the key is always the end of the path.
 */
export function withKey(signedUrl: string, fromKey: string, toKey: string): string {
  const url = new URL(signedUrl);
  const encodedFrom = encodeKey(fromKey);
  if (!url.pathname.endsWith(`/${encodedFrom}`)) throw new Error(`${signedUrl} is not for key ${fromKey}`);
  url.pathname = url.pathname.slice(0, -encodedFrom.length) + encodeKey(toKey);
  return url.toString();
}

/** The same URL with one more query parameter that was not signed, e.g. response-content-type=text/html. */
export function withExtraParam(signedUrl: string, name: string, value: string): string {
  const url = new URL(signedUrl);
  url.searchParams.append(name, value);
  return url.toString();
}

/** S3 key encoding in a path: each segment URI-encoded, slashes kept (as SigV4 canonical URIs do). */
function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/** The S3 error code of a failed response (the <Code> of its XML body), or '' when the body has none. */
export async function s3ErrorCode(response: Response): Promise<string> {
  const body = await response.text();
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? '';
}
