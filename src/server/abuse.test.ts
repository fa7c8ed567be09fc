/**
 * The abuse matrix: bad input of every kind, each refused with a 4xx and a stable code,
 * never a 5xx, never a stack trace.
 */
import { describe, expect, it } from 'vitest';
import { createTestApp, TOKENS } from './testing.ts';

const MiB = 1024 * 1024;
const auth = { authorization: `Bearer ${TOKENS.alice}` };
const jsonHeaders = { ...auth, 'content-type': 'application/json' };

interface Case {
  name: string;
  path: string;
  init?: RequestInit;
  status: number;
  code: string;
}

const post = (body: unknown, headers: Record<string, string> = jsonHeaders): RequestInit => ({
  method: 'POST',
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const presign = (name: string, body: unknown, status: number, code: string): Case => ({ name, path: '/v1/presign', init: post(body), status, code });
const getKey = (name: string, key: string): Case => presign(name, { method: 'GET', key }, 400, 'invalid_key');
const sign = (name: string, change: Record<string, unknown>, code = 'invalid_request'): Case => ({
  name,
  path: '/v1/multipart/sign',
  init: post({ key: 'k', uploadId: 'u1', size: 20 * MiB, partSize: 5 * MiB, partNumbers: [1], ...change }),
  status: 400,
  code,
});
const create = (name: string, change: Record<string, unknown>, code = 'invalid_request'): Case => ({
  name,
  path: '/v1/multipart',
  init: post({ key: 'k', size: 10 * MiB, chunkSize: 65_552, ...change }),
  status: 400,
  code,
});
const list = (name: string, query: string, code = 'invalid_request'): Case => ({
  name,
  path: `/v1/objects?${query}`,
  init: { headers: auth },
  status: 400,
  code,
});

const cases: Case[] = [
  // Authentication
  { name: 'no Authorization header', path: '/v1/presign', init: post({ method: 'GET', key: 'a' }, { 'content-type': 'application/json' }), status: 401, code: 'unauthorized' },
  { name: 'wrong token', path: '/v1/me', init: { headers: { authorization: 'Bearer wrong-token-0123456789' } }, status: 401, code: 'unauthorized' },
  { name: 'Basic scheme', path: '/v1/me', init: { headers: { authorization: `Basic ${TOKENS.alice}` } }, status: 401, code: 'unauthorized' },
  { name: 'Bearer without a token', path: '/v1/me', init: { headers: { authorization: 'Bearer ' } }, status: 401, code: 'unauthorized' },
  { name: 'token with trailing junk', path: '/v1/me', init: { headers: { authorization: `Bearer ${TOKENS.alice} x` } }, status: 401, code: 'unauthorized' },
  { name: 'token prefix only', path: '/v1/me', init: { headers: { authorization: `Bearer ${TOKENS.alice.slice(0, -1)}` } }, status: 401, code: 'unauthorized' },
  { name: 'no token on a listing', path: '/v1/objects', status: 401, code: 'unauthorized' },
  { name: 'no token on multipart', path: '/v1/multipart', init: post({ key: 'k', size: 1, chunkSize: 1 }, { 'content-type': 'application/json' }), status: 401, code: 'unauthorized' },
  // Keys: traversal, plain and percent-encoded, and the rest of the grammar
  getKey("another user's space via ..", '../bob/secret'),
  getKey('.. alone', '..'),
  getKey('. segment', './a'),
  getKey('.. in the middle', 'a/../../bob/x'),
  getKey('percent-encoded ..', '%2e%2e/bob/x'),
  getKey('upper-case percent-encoded ..', 'a/%2E%2E'),
  getKey('mixed percent-encoded ..', '.%2e/x'),
  getKey('leading slash', '/users/bob/x'),
  getKey('empty segment', 'a//b'),
  getKey('trailing slash', 'a/'),
  getKey('empty key', ''),
  getKey('backslash', 'a\\..\\b'),
  getKey('NUL byte', 'a\u0000b'),
  getKey('newline', 'a\nb'),
  getKey('DEL', 'a\u007fb'),
  getKey('513 bytes', 'x'.repeat(513)),
  getKey('514 bytes in 257 characters', 'é'.repeat(257)),
  presign('key not a string', { method: 'GET', key: 42 }, 400, 'invalid_request'),
  // Sizes and expiries
  presign('negative size', { method: 'PUT', key: 'a', contentLength: -1 }, 400, 'invalid_request'),
  presign('fractional size', { method: 'PUT', key: 'a', contentLength: 1.5 }, 400, 'invalid_request'),
  presign('size as a string', { method: 'PUT', key: 'a', contentLength: '12' }, 400, 'invalid_request'),
  presign('huge size', { method: 'PUT', key: 'a', contentLength: 1e20 }, 400, 'invalid_request'),
  presign('null size', { method: 'PUT', key: 'a', contentLength: null }, 400, 'invalid_request'),
  presign('PUT without a size', { method: 'PUT', key: 'a' }, 400, 'invalid_request'),
  presign('zero expiry', { method: 'GET', key: 'a', expiresIn: 0 }, 400, 'invalid_request'),
  presign('negative expiry', { method: 'GET', key: 'a', expiresIn: -5 }, 400, 'invalid_request'),
  presign('expiry as a string', { method: 'GET', key: 'a', expiresIn: '60' }, 400, 'invalid_request'),
  presign('fractional expiry', { method: 'GET', key: 'a', expiresIn: 1.5 }, 400, 'invalid_request'),
  presign('expiry past safe integers', { method: 'GET', key: 'a', expiresIn: 1e300 }, 400, 'invalid_request'),
  // Bodies
  presign('method POST', { method: 'POST', key: 'a' }, 400, 'invalid_request'),
  presign('lower-case method', { method: 'get', key: 'a' }, 400, 'invalid_request'),
  presign('unknown field', { method: 'GET', key: 'a', admin: true }, 400, 'invalid_request'),
  presign('malformed JSON', '{"method": "GET",', 400, 'invalid_json'),
  presign('NaN in JSON', '{"method": "PUT", "key": "a", "contentLength": NaN}', 400, 'invalid_json'),
  presign('array body', '[]', 400, 'invalid_request'),
  presign('null body', 'null', 400, 'invalid_request'),
  presign('string body', '"GET a"', 400, 'invalid_request'),
  presign('empty body', '', 400, 'invalid_json'),
  { name: '3 MB body', path: '/v1/presign', init: post({ method: 'GET', key: 'a', pad: 'x'.repeat(3_000_000) }), status: 413, code: 'body_too_large' },
  { name: 'text/plain body', path: '/v1/presign', init: post({ method: 'GET', key: 'a' }, { ...auth, 'content-type': 'text/plain' }), status: 415, code: 'unsupported_media_type' },
  { name: 'no content type', path: '/v1/presign', init: post({ method: 'GET', key: 'a' }, auth), status: 415, code: 'unsupported_media_type' },
  { name: 'form body', path: '/v1/presign', init: post('method=GET&key=a', { ...auth, 'content-type': 'application/x-www-form-urlencoded' }), status: 415, code: 'unsupported_media_type' },
  // Multipart
  sign('part number 0', { partNumbers: [0] }),
  sign('part number 10,001', { partNumbers: [10_001] }),
  { ...sign('an upload the endpoint never started', {}), status: 404, code: 'upload_not_found' },
  sign('no part numbers', { partNumbers: [] }),
  sign('repeated part number', { partNumbers: [1, 1] }),
  sign('fractional part number', { partNumbers: [1.5] }),
  sign('part size under 5 MiB', { partSize: 5 * MiB - 1 }),
  sign('a size past 5 TiB', { size: 5 * 1024 ** 4 + 1 }),
  sign('upload id with spaces', { uploadId: 'u 1' }),
  sign('traversal in a part key', { key: '../bob/k' }, 'invalid_key'),
  create('zero size', { size: 0 }),
  create('negative size', { size: -1 }),
  create('size as NaN string', { size: 'NaN' }),
  create('size past 5 TiB', { size: 5 * 1024 ** 4 + 1 }),
  create('zero chunk size', { chunkSize: 0 }),
  create('percent-encoded traversal', { key: '%2E%2E/%2e%2e/x' }, 'invalid_key'),
  // A new object's key segment longer than file systems allow (MinIO and the embedded S3 keep a segment as a file name)
  create('a 256-byte key segment', { key: `files/${'a'.repeat(256)}` }, 'invalid_key'),
  presign('PUT with a 256-byte key segment', { method: 'PUT', key: `files/${'é'.repeat(128)}`, contentLength: 1 }, 400, 'invalid_key'),
  { name: 'move to a 256-byte key segment', path: '/v1/objects/move', init: post({ from: 'files/a', to: `files/${'a'.repeat(256)}` }), status: 400, code: 'invalid_key' },
  create('unknown field', { acl: 'public-read' }),
  {
    name: 'parts out of order',
    path: '/v1/multipart/complete',
    init: post({ key: 'k', uploadId: 'u1', parts: [{ partNumber: 2, etag: 'a' }, { partNumber: 1, etag: 'b' }] }),
    status: 400,
    code: 'invalid_request',
  },
  { name: 'abort without upload id', path: '/v1/multipart/abort', init: post({ key: 'k' }), status: 400, code: 'invalid_request' },
  { name: 'parts cursor 0', path: '/v1/multipart/parts?key=k&uploadId=u1&cursor=0', init: { headers: auth }, status: 400, code: 'invalid_request' },
  { name: 'parts without upload id', path: '/v1/multipart/parts?key=k', init: { headers: auth }, status: 400, code: 'invalid_request' },
  // Listing
  list('limit 0', 'limit=0'),
  list('limit not a number', 'limit=abc'),
  list('limit 1001', 'limit=1001'),
  list('prefix traversal', 'prefix=../bob/', 'invalid_key'),
  list('percent-encoded prefix traversal', 'prefix=%2e%2e%2Fbob', 'invalid_key'),
  list('unknown query parameter', 'admin=1'),
  list('forged cursor', 'cursor=!!!'),
  list('prefix given twice', 'prefix=a&prefix=b'),
  // Routes
  { name: 'GET on a POST route', path: '/v1/presign', init: { headers: auth }, status: 404, code: 'not_found' },
  { name: 'percent-encoded path traversal', path: '/v1/%2e%2e/%2e%2e/etc/passwd', init: { headers: auth }, status: 404, code: 'not_found' },
];

describe('abuse matrix', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('$name -> $status $code', async ({ path, init, status, code }) => {
    const { app } = createTestApp();
    const response = await app.request(path, init);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code, message: expect.any(String) } });
    expect(text).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('maps a key naming another user into the caller’s own space', async () => {
    const { app } = createTestApp();
    const response = await app.request('/v1/presign', post({ method: 'GET', key: 'users/bob/secret' }));
    expect(new URL(((await response.json()) as { url: string }).url).pathname).toBe('/test-bucket/users/alice/users/bob/secret');
  });
});
