/**
 * A share or file-request record the endpoint cannot parse (cut short, not JSON, or not of its schema) is the
 * storage's fault: the caller asked a fair question, so it is 502 `storage_error` with one log line, never a 500.
 */
import { describe, expect, it } from 'vitest';
import { createJsonLogger } from './logger.ts';
import { createTestApp } from './testing.ts';

const ID = 'DamagedDamagedDamaged0';

describe('damaged records', () => {
  it.each([
    ['a share record cut short', `shares/${ID}.json`, '{"v":1,"id":"Dam', `/v1/public/shares/${ID}`],
    ['a share record that is no JSON', `shares/${ID}.json`, '', `/v1/public/shares/${ID}`],
    ['a share record of another shape', `shares/${ID}.json`, '{"v":2}', `/v1/public/shares/${ID}`],
    ['a file-request record cut short', `requests/${ID}.json`, '{"v":1,"id":"DamagedDamagedDamaged0","owner":"al', `/v1/public/requests/${ID}`],
  ])('%s -> 502 storage_error, logged once without a stack', async (_name, key, body, path) => {
    const lines: string[] = [];
    const { app, storage } = createTestApp({ logger: createJsonLogger((line) => lines.push(line)) });
    await storage.writeObject(key, body);
    const response = await app.request(path);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ error: { code: 'storage_error', message: expect.stringMatching(/record .* is damaged/) } });
    const errors = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((record) => record.level === 'error');
    expect(errors).toEqual([expect.objectContaining({ msg: 'storage error' })]);
    expect(lines.join('')).not.toContain('stack');
  });
});
