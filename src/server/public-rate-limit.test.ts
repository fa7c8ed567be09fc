/**
 * The public routes (no token) are counted per client address before any record is read, and per share or request id
 * once the id is known to exist. The client address is the one the runtime gives: here API Gateway's `sourceIp`, as
 * the Lambda adapter passes it (the Node server's socket address: src/dev/public-rate-limit.coffer.s3rver.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.ts';
import { createTestApp, postJson, TEST_CONFIG, TEST_NOW } from './testing.ts';

const randomId = () => randomBytes(16).toString('base64url');
/** What the Lambda adapter hands the app as its environment, as far as the client address goes. */
const from = (sourceIp: string) => ({ requestContext: { http: { sourceIp } } });

function appWith(rateLimit: number, trustedProxies: string[] = [], clock = () => TEST_NOW) {
  const limiters = { byId: createRateLimiter(rateLimit), byAddress: createRateLimiter(rateLimit) };
  const config = { ...TEST_CONFIG, trustedProxies, limits: { ...TEST_CONFIG.limits, rateLimit } };
  return { ...createTestApp({ config, publicRateLimiters: limiters, clock }), limiters };
}

describe('rate limits of the public routes', () => {
  it('gives one address 429 with Retry-After once its allowance is spent, whatever ids it tries', async () => {
    let now = TEST_NOW;
    const { app } = appWith(3, [], () => now);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await app.request(`/v1/public/shares/${randomId()}`, {}, from('203.0.113.7'))).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    const limited = await app.request(`/v1/public/requests/${randomId()}`, {}, from('203.0.113.7'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('20');
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await app.request(`/v1/public/shares/${randomId()}`, {}, from('198.51.100.1'))).status).toBe(404);
    now += 20_000;
    expect((await app.request(`/v1/public/shares/${randomId()}`, {}, from('203.0.113.7'))).status).toBe(404);
  });

  it('counts IPv6 clients per /64', async () => {
    const { app } = appWith(2);
    expect((await app.request(`/v1/public/shares/${randomId()}`, {}, from('2001:db8:1:2::a'))).status).toBe(404);
    expect((await app.request(`/v1/public/shares/${randomId()}`, {}, from('2001:db8:1:2::b'))).status).toBe(404);
    expect((await app.request(`/v1/public/shares/${randomId()}`, {}, from('2001:db8:1:2:ffff::c'))).status).toBe(429);
    expect((await app.request(`/v1/public/shares/${randomId()}`, {}, from('2001:db8:1:3::a'))).status).toBe(404);
  });

  it('keeps made-up ids out of the per-id limiter: they cost the address, never a bucket', async () => {
    const { app, limiters } = appWith(100_000);
    for (let i = 0; i < 1000; i++) {
      const path = i % 2 === 0 ? `/v1/public/shares/${randomId()}` : `/v1/public/requests/${randomId()}`;
      expect((await app.request(path, {}, from('203.0.113.7'))).status).toBe(404);
    }
    expect(limiters.byId.size).toBe(0);
    expect(limiters.byAddress.size).toBe(1);
  });

  it('still limits a real share per id across addresses', async () => {
    const { app } = appWith(3);
    const created = await app.request('/v1/shares', postJson('alice', { key: 'files/a', expiresIn: 3600, headerLength: 200 }));
    const { id } = (await created.json()) as { id: string };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await app.request(`/v1/public/shares/${id}`, {}, from(`203.0.113.${i + 1}`))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('reads X-Forwarded-For only from a trusted proxy, and only as far as the proxies go', async () => {
    const hop = (forwarded: string) => ({ headers: { 'x-forwarded-for': forwarded } });
    const untrusted = appWith(1).app;
    expect((await untrusted.request(`/v1/public/shares/${randomId()}`, hop('198.51.100.1'), from('10.0.0.5'))).status).toBe(404);
    // Without a trusted proxy the header is the client's word: a new one each time gets no new allowance.
    expect((await untrusted.request(`/v1/public/shares/${randomId()}`, hop('198.51.100.2'), from('10.0.0.5'))).status).toBe(429);

    const { app } = appWith(1, ['10.0.0.0/8']);
    const ask = (forwarded: string, peer = '10.0.0.5') => app.request(`/v1/public/shares/${randomId()}`, hop(forwarded), from(peer));
    expect((await ask('198.51.100.1')).status).toBe(404);
    expect((await ask('198.51.100.1')).status).toBe(429);
    expect((await ask('198.51.100.2')).status).toBe(404);
    // Whatever the client writes left of what the proxies appended is not believed.
    expect((await ask('192.0.2.99, 198.51.100.2')).status).toBe(429);
    expect((await ask('192.0.2.98, 198.51.100.2, 10.1.1.1')).status).toBe(429);
    // A peer that is no trusted proxy is the client, whatever it forwards.
    expect((await ask('198.51.100.3', '192.0.2.1')).status).toBe(404);
    expect((await ask('198.51.100.4', '192.0.2.1')).status).toBe(429);
  });
});
