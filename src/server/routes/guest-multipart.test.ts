import { describe, expect, it } from 'vitest';
import {
  guestMultipartSchema,
  MIN_PART_SIZE,
  publicRequestSchema,
  requestListSchema,
  signPartsResponseSchema,
  type GuestMultipart,
} from '../../protocol/index.ts';
import { createMemoryStorage, createTestApp, getAs, postJson, TEST_CONFIG, TEST_NOW } from '../testing.ts';

const PUBLIC_KEY = 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c';
const MiB = 1024 * 1024;
const CHUNK = 524_304;

function setup(limits: { quotaBytes?: number } = {}) {
  let now = TEST_NOW;
  const storage = createMemoryStorage();
  const { app } = createTestApp({ storage, clock: () => now, config: { ...TEST_CONFIG, limits: { ...TEST_CONFIG.limits, ...limits } } });
  const createRequest = async (limits: { maxFiles?: number; maxBytes?: number } = {}): Promise<string> => {
    const body = { title: 'Big files', expiresIn: 7 * 86_400, maxFiles: 3, maxBytes: 100 * MiB, publicKey: PUBLIC_KEY, ...limits };
    const response = await app.request('/v1/requests', postJson('alice', body));
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const post = (path: string, body: unknown): Promise<Response> =>
    Promise.resolve(app.request(`/v1/public/requests/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  const start = async (id: string, size: number): Promise<GuestMultipart> => {
    const response = await post(`${id}/multipart`, { size, chunkSize: CHUNK });
    expect(response.status).toBe(201);
    return guestMultipartSchema.parse(await response.json());
  };
  /** What S3 would hold after the guest PUT a part of `size` bytes. */
  const putPart = (uploadId: string, partNumber: number, size: number, etag = `"etag-${uploadId}-${partNumber}"`) => {
    storage.uploads.get(uploadId)?.parts.push({ partNumber, size, etag });
    return { partNumber, etag };
  };
  /** What the guest's page reads: files and bytes left. */
  const left = async (id: string) => publicRequestSchema.parse(await (await app.request(`/v1/public/requests/${id}`)).json());
  return { app, storage, createRequest, post, start, putPart, left, advance: (ms: number) => (now += ms) };
}

async function codeOf(response: Response): Promise<[number, string]> {
  const body = (await response.json()) as { error?: { code: string } };
  return [response.status, body.error?.code ?? ''];
}

describe('guest multipart uploads', () => {
  it("start in the request's inbox with the size reserved, sign each part bound to its planned length, and complete", async () => {
    const { app, storage, createRequest, post, start, putPart } = setup();
    const id = await createRequest();
    const size = 12 * MiB;
    const upload = await start(id, size);
    expect(upload).toMatchObject({ partCount: 3, filesLeft: 2, bytesLeft: 88 * MiB });
    expect(upload.partSize % CHUNK).toBe(0);
    expect(upload.partSize).toBeGreaterThanOrEqual(MIN_PART_SIZE);
    expect(upload.receipt).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(storage.uploads.get(upload.uploadId)?.key).toBe(`users/alice/inbox/${id}/${upload.receipt}`);

    const signed = signPartsResponseSchema.parse(
      await (await post(`${id}/multipart/${upload.receipt}/sign`, { uploadId: upload.uploadId, partNumbers: [1, 3] })).json(),
    );
    const last = size - 2 * upload.partSize;
    expect(signed.parts.map((p) => [p.partNumber, p.size])).toEqual([
      [1, upload.partSize],
      [3, last],
    ]);
    const url = new URL(signed.parts[1]?.url ?? '');
    expect(url.pathname).toBe(`/test-bucket/users/alice/inbox/${id}/${upload.receipt}`);
    expect(url.searchParams.get('partNumber')).toBe('3');
    expect(url.searchParams.get('uploadId')).toBe(upload.uploadId);
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('content-length');

    const parts = [putPart(upload.uploadId, 1, upload.partSize), putPart(upload.uploadId, 2, upload.partSize), putPart(upload.uploadId, 3, last)];
    const done = await post(`${id}/multipart/${upload.receipt}/complete`, { uploadId: upload.uploadId, parts });
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ receipt: upload.receipt });
    expect(storage.objects.get(`users/alice/inbox/${id}/${upload.receipt}`)?.size).toBe(size);
    const list = requestListSchema.parse(await (await app.request('/v1/requests', getAs('alice'))).json());
    expect(list.requests).toMatchObject([{ id, files: 1, bytes: size }]);
    // Done means done: the receipt no longer signs anything.
    expect(await codeOf(await post(`${id}/multipart/${upload.receipt}/sign`, { uploadId: upload.uploadId, partNumbers: [1] }))).toEqual([
      404,
      'upload_not_found',
    ]);
  });

  it('abort frees the upload in S3 and gives its file and bytes back to the request', async () => {
    const { storage, createRequest, post, start, putPart } = setup();
    const id = await createRequest({ maxFiles: 1 });
    const upload = await start(id, 6 * MiB);
    putPart(upload.uploadId, 1, upload.partSize);
    expect(await codeOf(await post(`${id}/multipart`, { size: 6 * MiB, chunkSize: CHUNK }))).toEqual([409, 'request_full']);
    const aborted = await post(`${id}/multipart/${upload.receipt}/abort`, { uploadId: upload.uploadId });
    expect(await aborted.json()).toEqual({ aborted: true, filesLeft: 1, bytesLeft: 100 * MiB });
    expect(storage.uploads.has(upload.uploadId)).toBe(false);
    expect((await start(id, 6 * MiB)).filesLeft).toBe(0);
  });

  it('never lets concurrent starts past the limits', async () => {
    const { storage, createRequest, post } = setup();
    const id = await createRequest({ maxFiles: 3 });
    const statuses = await Promise.all(Array.from({ length: 10 }, () => post(`${id}/multipart`, { size: 6 * MiB, chunkSize: CHUNK }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    expect(storage.uploads.size).toBe(3); // the refused ones' S3 uploads were aborted
  });
});

describe('guest multipart reservations follow what S3 holds', () => {
  it('give the file back when S3 no longer has the upload, though the abort never reached the endpoint', async () => {
    const { app, storage, createRequest, post, start, left } = setup();
    const id = await createRequest({ maxFiles: 1 });
    const upload = await start(id, 6 * MiB);
    expect(await codeOf(await post(`${id}/multipart`, { size: 6 * MiB, chunkSize: CHUNK }))).toEqual([409, 'request_full']);
    // The page's keepalive abort was lost; the upload was aborted directly in S3 (or by a lifecycle rule).
    await storage.abortMultipart({ key: `users/alice/inbox/${id}/${upload.receipt}`, uploadId: upload.uploadId });
    expect(await left(id)).toMatchObject({ filesLeft: 1, bytesLeft: 100 * MiB });
    const list = requestListSchema.parse(await (await app.request('/v1/requests', getAs('alice'))).json());
    expect(list.requests).toMatchObject([{ id, files: 0, bytes: 0 }]);
    expect((await start(id, 6 * MiB)).filesLeft).toBe(0);
  });

  it('give the file back when an abort finds the upload gone already (a repeated abort, or the page’s second one)', async () => {
    const { storage, createRequest, post, start } = setup();
    const id = await createRequest({ maxFiles: 2 });
    const upload = await start(id, 6 * MiB);
    await storage.abortMultipart({ key: `users/alice/inbox/${id}/${upload.receipt}`, uploadId: upload.uploadId }); // the first abort, its answer lost
    const again = await post(`${id}/multipart/${upload.receipt}/abort`, { uploadId: upload.uploadId });
    expect(await again.json()).toEqual({ aborted: true, filesLeft: 2, bytesLeft: 100 * MiB });
  });

  it('give the file back once when two aborts of one upload cross (the second finds it gone before the first is counted)', async () => {
    const { storage, createRequest, post, start, left } = setup();
    const id = await createRequest({ maxFiles: 2 });
    const upload = await start(id, 6 * MiB);
    await start(id, 6 * MiB);
    // The first abort is slow after S3 aborted (a loaded endpoint); the second arrives meanwhile and finds the upload gone.
    const abort = storage.abortMultipart.bind(storage);
    let calls = 0;
    let resume: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => {
      resume = resolve;
    });
    storage.abortMultipart = async (input) => {
      if (++calls === 1) {
        await abort(input);
        return slow;
      }
      try {
        await abort(input);
      } finally {
        setTimeout(resume, 20);
      }
    };
    const answers = await Promise.all([1, 2].map(() => post(`${id}/multipart/${upload.receipt}/abort`, { uploadId: upload.uploadId })));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(await left(id)).toMatchObject({ filesLeft: 1, bytesLeft: 94 * MiB });
  });

  it('keep counted an upload completed behind a lost answer, and answer a repeated complete with its receipt', async () => {
    const { storage, createRequest, post, start, putPart, left } = setup();
    const id = await createRequest({ maxFiles: 2 });
    const upload = await start(id, 6 * MiB);
    const parts = [putPart(upload.uploadId, 1, upload.partSize), putPart(upload.uploadId, 2, 6 * MiB - upload.partSize)];
    await storage.completeMultipart({ key: `users/alice/inbox/${id}/${upload.receipt}`, uploadId: upload.uploadId, parts }); // its answer lost
    const again = await post(`${id}/multipart/${upload.receipt}/complete`, { uploadId: upload.uploadId, parts });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ receipt: upload.receipt });
    expect(await left(id)).toMatchObject({ filesLeft: 1, bytesLeft: 94 * MiB });
    expect(await codeOf(await post(`${id}/multipart/${upload.receipt}/abort`, { uploadId: upload.uploadId }))).toEqual([404, 'upload_not_found']);
  });

  it('abort an upload past its day in S3 and give its file back', async () => {
    const { storage, createRequest, start, left, advance } = setup();
    const id = await createRequest({ maxFiles: 1 });
    const upload = await start(id, 6 * MiB);
    advance(86_400_000);
    expect(await left(id)).toMatchObject({ filesLeft: 1 });
    expect(storage.uploads.has(upload.uploadId)).toBe(false);
  });

  it("reserve the owner's quota per upload, and give it back with the file when S3 no longer has the upload", async () => {
    const { storage, createRequest, post, start } = setup({ quotaBytes: 20 * MiB });
    const id = await createRequest({ maxFiles: 10 });
    const first = await start(id, 10 * MiB);
    await start(id, 10 * MiB);
    expect(await codeOf(await post(`${id}/multipart`, { size: 10 * MiB, chunkSize: CHUNK }))).toEqual([403, 'quota_exceeded']);
    await storage.abortMultipart({ key: `users/alice/inbox/${id}/${first.receipt}`, uploadId: first.uploadId });
    expect((await start(id, 10 * MiB)).filesLeft).toBe(8);
  });
});

describe('guest multipart abuse', () => {
  it("cannot sign, complete or abort another request's upload, nor use a wrong upload id", async () => {
    const { createRequest, post, start } = setup();
    const mine = await createRequest();
    const theirs = await createRequest();
    const upload = await start(theirs, 6 * MiB);
    const { receipt, uploadId } = upload;
    expect(await codeOf(await post(`${mine}/multipart/${receipt}/sign`, { uploadId, partNumbers: [1] }))).toEqual([404, 'upload_not_found']);
    expect(await codeOf(await post(`${mine}/multipart/${receipt}/complete`, { uploadId, parts: [{ partNumber: 1, etag: 'x' }] }))).toEqual([
      404,
      'upload_not_found',
    ]);
    expect(await codeOf(await post(`${mine}/multipart/${receipt}/abort`, { uploadId }))).toEqual([404, 'upload_not_found']);
    expect(await codeOf(await post(`${theirs}/multipart/${receipt}/sign`, { uploadId: 'upload-999', partNumbers: [1] }))).toEqual([
      404,
      'upload_not_found',
    ]);
    expect(await codeOf(await post(`${theirs}/multipart/..%2F..%2Fx/sign`, { uploadId, partNumbers: [1] }))).toEqual([404, 'upload_not_found']);
  });

  it('refuses a total over the request, the object limit or the plan, and part numbers out of range', async () => {
    const { createRequest, post, start } = setup();
    const id = await createRequest({ maxBytes: 10 * MiB });
    expect(await codeOf(await post(`${id}/multipart`, { size: 10 * MiB + 1, chunkSize: CHUNK }))).toEqual([413, 'request_too_large']);
    expect(await codeOf(await post(`${id}/multipart`, { size: 1024 ** 4 + 1, chunkSize: CHUNK }))).toEqual([413, 'object_too_large']);
    expect(await codeOf(await post(`${id}/multipart`, { size: 0, chunkSize: CHUNK }))).toEqual([400, 'invalid_request']);
    expect(await codeOf(await post(`${id}/multipart`, { size: MiB, chunkSize: CHUNK, key: 'files/x' }))).toEqual([400, 'invalid_request']);
    const upload = await start(id, 7 * MiB);
    const sign = (partNumbers: number[]) => post(`${id}/multipart/${upload.receipt}/sign`, { uploadId: upload.uploadId, partNumbers });
    expect(await codeOf(await sign([3]))).toEqual([400, 'part_out_of_range']);
    expect(await codeOf(await sign([0]))).toEqual([400, 'invalid_request']);
    expect(await codeOf(await sign([10_001]))).toEqual([400, 'invalid_request']);
    expect(await codeOf(await sign([1, 1]))).toEqual([400, 'invalid_request']);
    // A guest cannot restate a larger size or part size: the stored plan decides each part's length.
    const widened = await post(`${id}/multipart/${upload.receipt}/sign`, { uploadId: upload.uploadId, partNumbers: [2], size: 10 * MiB });
    expect(await codeOf(widened)).toEqual([400, 'invalid_request']);
    const part2 = signPartsResponseSchema.parse(await (await sign([2])).json()).parts[0];
    expect(part2?.size).toBe(7 * MiB - upload.partSize);
  });

  it('refuses to complete with foreign parts, missing parts or parts of another length than planned', async () => {
    const { storage, createRequest, post, start, putPart } = setup();
    const id = await createRequest();
    const upload = await start(id, 7 * MiB);
    const other = await start(id, 7 * MiB);
    const tail = 7 * MiB - upload.partSize;
    const complete = (parts: { partNumber: number; etag: string }[]) =>
      post(`${id}/multipart/${upload.receipt}/complete`, { uploadId: upload.uploadId, parts });
    const foreign = [putPart(other.uploadId, 1, other.partSize), putPart(other.uploadId, 2, tail)];
    expect(await codeOf(await complete(foreign))).toEqual([400, 'invalid_part']);
    const first = putPart(upload.uploadId, 1, upload.partSize);
    expect(await codeOf(await complete([first]))).toEqual([400, 'invalid_part']);
    expect(await codeOf(await complete([first, { partNumber: 3, etag: 'x' }]))).toEqual([400, 'invalid_part']);
    // An S3 that does not check signed lengths (s3rver) took a longer part: the endpoint still refuses to assemble it.
    const long = putPart(upload.uploadId, 2, tail + 1);
    expect(await codeOf(await complete([first, long]))).toEqual([400, 'invalid_part']);
    expect(storage.objects.has(`users/alice/inbox/${id}/${upload.receipt}`)).toBe(false);
  });

  it('refuses new parts once the request is closed, expired, or the upload is a day old; caps uploads in progress', async () => {
    const { app, createRequest, post, start, advance } = setup();
    const id = await createRequest();
    const upload = await start(id, 6 * MiB);
    const sign = () => post(`${id}/multipart/${upload.receipt}/sign`, { uploadId: upload.uploadId, partNumbers: [1] });
    advance(86_400_000);
    expect(await codeOf(await sign())).toEqual([410, 'request_expired']);
    expect((await app.request(`/v1/requests/${id}/close`, postJson('alice', {}))).status).toBe(200);
    expect(await codeOf(await sign())).toEqual([410, 'request_closed']);
    expect(await codeOf(await post(`${id}/multipart`, { size: 6 * MiB, chunkSize: CHUNK }))).toEqual([410, 'request_closed']);

    const busy = await createRequest({ maxFiles: 1000, maxBytes: 1024 ** 4 });
    for (let i = 0; i < 32; i++) await start(busy, 6 * MiB);
    expect(await codeOf(await post(`${busy}/multipart`, { size: 6 * MiB, chunkSize: CHUNK }))).toEqual([429, 'rate_limited']);
  });
});
