import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLambdaHandler, type LambdaEvent } from './lambda.ts';

const TOKEN = 'alice-token-0123456789';

function event(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): LambdaEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'abc.execute-api.eu-west-1.amazonaws.com', 'content-type': 'application/json', ...headers },
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc',
      authentication: null,
      authorizer: {},
      domainName: 'abc.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'r1',
      routeKey: '$default',
      stage: '$default',
      time: '01/Jan/2030:00:00:00 +0000',
      timeEpoch: 1_893_456_000_000,
    },
  };
}

describe('Lambda handler', () => {
  beforeEach(() => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDLAMBDA');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'lambda-secret');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  const env = { COFFER_S3_BUCKET: 'vault', AWS_REGION: 'eu-west-1', COFFER_TOKENS: `alice:${TOKEN}` };

  it('answers an API Gateway v2 health check', async () => {
    const result = await createLambdaHandler(env)(event('GET', '/v1/health'));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: 'ok' });
  });

  it('signs a PUT for an authenticated caller, under their prefix in the real bucket', async () => {
    const request = event('POST', '/v1/presign', { method: 'PUT', key: 'a', contentLength: 3 }, { authorization: `Bearer ${TOKEN}` });
    const result = await createLambdaHandler(env)(request);
    expect(result.statusCode).toBe(200);
    const url = new URL((JSON.parse(result.body) as { url: string }).url);
    expect(url.hostname).toBe('vault.s3.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/users/alice/a');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIDLAMBDA\//);
  });

  it('refuses a missing token with the same JSON error as on Node', async () => {
    const result = await createLambdaHandler(env)(event('GET', '/v1/me'));
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('refuses to start without S3 configuration', () => {
    expect(() => createLambdaHandler({ AWS_REGION: 'eu-west-1' })).toThrow('no S3 configured');
  });

  it('refuses to start without users, as the Node server does, instead of answering every request 401', () => {
    expect(() => createLambdaHandler({ COFFER_S3_BUCKET: 'vault', AWS_REGION: 'eu-west-1' })).toThrow('no users configured');
  });
});
