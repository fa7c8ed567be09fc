import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { FormatError } from '../format';
import { ApiError } from './api-error';
import { describeTransferError } from './describe-error';
import { TransferHttpError } from './retry';
import { registerWorkerErrors } from './worker-errors';

registerWorkerErrors();

const failing = {
  async decrypt(): Promise<void> {
    throw new FormatError('tampered', 'chunk 3 does not authenticate');
  },
  async sign(): Promise<void> {
    throw new ApiError(429, 'rate_limited', 'too many requests', 7);
  },
  async put(): Promise<void> {
    throw new TransferHttpError(403, 'AccessDenied', 'storage refused to store a part (AccessDenied: Request has expired)', undefined, 'Request has expired');
  },
  async plain(): Promise<void> {
    throw new RangeError('something else');
  },
  async value(): Promise<void> {
    throw 'not an error';
  },
};

const ports: MessagePort[] = [];

/** The API as the page sees a worker's: exposed on one end of a real MessageChannel (structured clone), used from the other. */
function remote(): Comlink.Remote<typeof failing> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(failing, port1);
  return Comlink.wrap<typeof failing>(port2);
}

afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

describe('errors thrown across Comlink', () => {
  it('a FormatError arrives as a FormatError with its code and message, and is described as tampering', async () => {
    const error: unknown = await remote().decrypt().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect(error).toMatchObject({ name: 'FormatError', code: 'tampered', message: 'the file was changed or is corrupted: the output is incomplete: chunk 3 does not authenticate' });
    expect(describeTransferError(error).kind).toBe('tampered');
  });

  it('an ApiError keeps its status, code and Retry-After; a TransferHttpError its status and S3 code and message', async () => {
    const api: unknown = await remote().sign().catch((e: unknown) => e);
    expect(api).toBeInstanceOf(ApiError);
    expect(api).toMatchObject({ name: 'ApiError', status: 429, code: 'rate_limited', message: 'too many requests', retryAfter: 7 });

    const http: unknown = await remote().put().catch((e: unknown) => e);
    expect(http).toBeInstanceOf(TransferHttpError);
    expect(http).toMatchObject({ name: 'TransferHttpError', status: 403, s3Code: 'AccessDenied', s3Message: 'Request has expired' });
    expect(describeTransferError(http).kind).toBe('expired');
  });

  it('other errors and thrown values still cross as Comlink sends them', async () => {
    const plain: unknown = await remote().plain().catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(Error);
    expect(plain).toMatchObject({ name: 'RangeError', message: 'something else' });
    expect(describeTransferError(plain).kind).toBe('other');
    expect(await remote().value().catch((e: unknown) => e)).toBe('not an error');
  });

  it('registering twice changes nothing', async () => {
    registerWorkerErrors();
    expect(await remote().decrypt().catch((e: unknown) => e)).toBeInstanceOf(FormatError);
  });
});
