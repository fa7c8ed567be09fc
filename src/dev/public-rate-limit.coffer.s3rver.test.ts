/**
 * The per-address limit of the public routes on the real Node server (starts s3rver): the client address is the
 * socket's peer, and X-Forwarded-For counts only when that peer is a configured trusted proxy.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestStack, type TestStack } from './test-stack.ts';

const TOKENS = { alice: 'alice-token-0123456789' };

async function lookups(stack: TestStack<'alice'>, forwarded: string[]): Promise<number[]> {
  const statuses = [];
  for (const address of forwarded) {
    const id = randomBytes(16).toString('base64url');
    const response = await fetch(`${stack.coffer.url}/v1/public/shares/${id}`, { headers: { 'x-forwarded-for': address } });
    statuses.push(response.status);
    if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  }
  return statuses;
}

describe('public routes per client address, no proxy trusted', () => {
  const stack = useTestStack({ tokens: TOKENS, env: { COFFER_RATE_LIMIT: '2' } });

  it('counts the socket peer, whatever X-Forwarded-For says', async () => {
    expect(await lookups(stack, ['198.51.100.1', '198.51.100.2', '198.51.100.3'])).toEqual([404, 404, 429]);
  });
});

describe('public routes per client address behind a trusted proxy', () => {
  const stack = useTestStack({ tokens: TOKENS, env: { COFFER_RATE_LIMIT: '2', COFFER_TRUSTED_PROXIES: '127.0.0.1' } });

  it('counts the address the proxy forwarded', async () => {
    expect(await lookups(stack, ['198.51.100.1', '198.51.100.1', '198.51.100.1', '198.51.100.2'])).toEqual([404, 404, 429, 404]);
  });
});
