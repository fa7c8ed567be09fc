import { describe, expect, it } from 'vitest';
import { createJsonLogger } from './logger.ts';
import { createTestApp, getAs, postJson, TOKENS } from './testing.ts';

describe('createApp', () => {
  it('answers GET /v1/health without a token', async () => {
    const { app } = createTestApp();
    const response = await app.request('/v1/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('tells a token’s owner who they are, and refuses anyone else', async () => {
    const { app } = createTestApp();
    expect(await (await app.request('/v1/me', getAs('bob'))).json()).toEqual({ user: 'bob' });
    const refused = await app.request('/v1/me', { headers: { authorization: 'Bearer nope' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect(await refused.json()).toEqual({ error: { code: 'unauthorized', message: 'the token is not valid' } });
  });

  it('answers unknown /v1 routes with a JSON 404', async () => {
    const { app } = createTestApp();
    const response = await app.request('/v1/nothing-here', getAs('alice'));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const { app } = createTestApp();
    const preflight = (origin: string) =>
      app.request('/v1/presign', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight('http://app.test');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const other = await preflight('http://evil.test');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds CORS headers to actual requests from allowed origins only', async () => {
    const { app } = createTestApp();
    const me = (origin?: string) =>
      app.request('/v1/me', { headers: { authorization: `Bearer ${TOKENS.alice}`, ...(origin === undefined ? {} : { origin }) } });
    const allowed = await me('http://app.test');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect(allowed.headers.get('vary')).toContain('Origin');
    expect((await me('http://evil.test')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await me()).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('logs one JSON line per request with route, status, duration and user, and never the token or URL', async () => {
    const lines: string[] = [];
    const { app } = createTestApp({ logger: createJsonLogger((line) => lines.push(line)) });
    await app.request('/v1/presign', postJson('alice', { method: 'GET', key: 'secret-name' }));
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(record).toMatchObject({ level: 'info', method: 'POST', route: '/v1/presign', status: 200, user: 'alice' });
    expect(typeof record.durationMs).toBe('number');
    expect(lines[0]).not.toContain(TOKENS.alice);
    expect(lines[0]).not.toContain('X-Amz-Signature');
    expect(lines[0]).not.toContain('secret-name');
  });

  it('turns an unexpected failure into a logged 500 without details', async () => {
    const lines: string[] = [];
    const { app, storage } = createTestApp({ logger: createJsonLogger((line) => lines.push(line)) });
    storage.list = () => Promise.reject(new Error('boom at /srv/secret/path'));
    const response = await app.request('/v1/objects', getAs('alice'));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('boom');
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'internal' } });
    expect(lines.some((line) => line.includes('boom'))).toBe(true);
  });
});
