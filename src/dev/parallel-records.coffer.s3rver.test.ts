/**
 * Share records under parallel use on the endpoint over the embedded S3 (starts s3rver): counted downloads rewrite the
 * record while recipients read it. Every answer is a whole one - never a 5xx from a record read half-written.
 */
import { describe, expect, it } from 'vitest';
import { useTestStack } from './test-stack.ts';

const TOKENS = { alice: 'alice-token-0123456789' };

describe('share records read while they are rewritten (starts s3rver)', () => {
  const stack = useTestStack({ tokens: TOKENS });

  it('answers parallel downloads and lookups of one share with 200s, and counts every download', async () => {
    const created = await stack.api<{ id: string }>('alice', '/v1/shares', { key: 'files/a', expiresIn: 3600, headerLength: 200, maxDownloads: 1000 });
    expect(created.status).toBe(201);
    const base = `${stack.coffer.url}/v1/public/shares/${created.json.id}`;
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? fetch(`${base}/download`, { method: 'POST' }) : fetch(base)).then((r) => r.status)),
    );
    expect(answers.filter((status) => status !== 200)).toEqual([]);
    const state = (await (await fetch(base)).json()) as { downloadsLeft: number };
    expect(state.downloadsLeft).toBe(1000 - 20);
  });
});
