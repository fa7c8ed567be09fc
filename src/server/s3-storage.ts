import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { createPresigner } from './presigner.ts';
import { copyObject, S3_COPY_LIMITS } from './s3-copy.ts';
import type { Signed, Storage, S3StorageOptions, UploadInProgress } from './storage.ts';
import { StorageError } from './storage.ts';

/**
 * An S3 client as Coffer needs it. Checksums only WHEN_REQUIRED: by default the SDK signs the
 * CRC32 of an empty body into presigned PUT URLs, which real S3 services then reject.
 */
export function createS3Client(config: S3ClientConfig): S3Client {
  return new S3Client({
    ...config,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function sseParams(sse: S3StorageOptions['sse']): { ServerSideEncryption?: 'AES256' | 'aws:kms'; SSEKMSKeyId?: string } {
  if (sse === undefined) return {};
  return sse.kind === 'AES256' ? { ServerSideEncryption: 'AES256' } : { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: sse.keyId };
}

function sseHeaders(sse: S3StorageOptions['sse']): Record<string, string> {
  if (sse === undefined) return {};
  if (sse.kind === 'AES256') return { 'x-amz-server-side-encryption': 'AES256' };
  return { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': sse.keyId };
}

/**
 * A failure of the connection to S3 rather than an answer from it: a socket reset, refused or timed out, or a body cut
 * off (Node's system error codes, the SDK's TimeoutError). It says nothing about the request, so it is the storage
 * being unavailable (502), not an internal error of the endpoint with a stack in the log.
 */
function isConnectionFailure(error: unknown): error is Error & { code?: string } {
  if (!(error instanceof Error) || error instanceof S3ServiceException) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) || error.name === 'TimeoutError';
}

/**
 * What an S3 failure means to the app. `namesUpload`: the call names a multipart upload, and then NoSuchKey means
 * the upload is gone too (Ceph RGW 16 answers NoSuchKey for an aborted or unknown upload, where AWS says NoSuchUpload).
 */
function storageError(error: unknown, namesUpload = false): Error {
  if (error instanceof StorageError) return error;
  if (isConnectionFailure(error)) {
    return new StorageError('unavailable', `storage could not be reached (${error.code ?? error.name})`, { cause: error });
  }
  if (!(error instanceof S3ServiceException)) return error instanceof Error ? error : new Error(String(error));
  switch (namesUpload && error.name === 'NoSuchKey' ? 'NoSuchUpload' : error.name) {
    case 'NoSuchUpload':
      return new StorageError('upload_not_found', 'no such multipart upload (finished, aborted or never started)', { cause: error });
    case 'InvalidPart':
    case 'InvalidPartOrder':
      return new StorageError('invalid_part', 'a part is missing or its ETag does not match', { cause: error });
    case 'EntityTooSmall':
      return new StorageError('part_too_small', 'a part other than the last is smaller than 5 MiB', { cause: error });
    default:
      return new StorageError('unavailable', `storage answered ${error.name} (HTTP ${error.$metadata.httpStatusCode ?? '?'})`, { cause: error });
  }
}

async function mapped<T>(run: () => Promise<T>, namesUpload = false): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw storageError(error, namesUpload);
  }
}

/**
 * What every object a client uploads is stored as, whatever the uploader would like: private (no ACL grant to anyone
 * but the bucket owner) and of a type no browser renders. Signed into every PUT URL as headers and set by the endpoint
 * itself on CreateMultipartUpload; upload parts carry neither (S3 takes both from the create, and RGW ignores them on
 * parts: measured). An S3 that honours unsigned x-amz-* headers (Ceph RGW 16 does) would otherwise let whoever holds
 * a PUT URL make the object public, or store it as text/html on the bucket's origin.
 */
export const OBJECT_PUT_HEADERS = { 'content-type': 'application/octet-stream', 'x-amz-acl': 'private' } as const;

/** `Storage` over the AWS SDK: presigning is local computation; listings and multipart calls go to S3. */
export function createS3Storage({ client, bucket, sse, copyLimits = S3_COPY_LIMITS }: S3StorageOptions): Storage {
  const Bucket = bucket;
  const putHeaders: Record<string, string> = { ...OBJECT_PUT_HEADERS, ...sseHeaders(sse) };
  const presign = createPresigner(client, bucket);

  return {
    async presign({ method, key, contentLength, range, expiresIn, signingDate }): Promise<Signed> {
      const headers = method === 'PUT' ? putHeaders : method === 'GET' && range !== undefined ? { range } : {};
      const url = await presign({ operation: method, key, expiresIn, signingDate, headers, ...(method === 'PUT' ? { contentLength } : {}) });
      return { url, headers: { ...headers } };
    },
    async presignPart({ key, uploadId, partNumber, contentLength, expiresIn, signingDate }): Promise<Signed> {
      const url = await presign({ operation: 'PART', key, contentLength, part: { uploadId, partNumber }, expiresIn, signingDate });
      return { url, headers: {} };
    },
    list: ({ prefix, startAfter, limit }) =>
      mapped(async () => {
        const out = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, StartAfter: startAfter, MaxKeys: limit }));
        const objects = (out.Contents ?? []).map((item) => ({
          key: item.Key ?? '',
          size: item.Size ?? 0,
          lastModified: item.LastModified ?? new Date(0),
        }));
        return { objects, truncated: out.IsTruncated === true };
      }),
    createMultipart: (key) =>
      mapped(async () => {
        const out = await client.send(
          new CreateMultipartUploadCommand({ Bucket, Key: key, ACL: 'private', ContentType: OBJECT_PUT_HEADERS['content-type'], ...sseParams(sse) }),
        );
        if (out.UploadId === undefined) throw new StorageError('unavailable', 'storage returned no upload id');
        return out.UploadId;
      }),
    listMultipartUploads: ({ prefix, after }) =>
      mapped(async () => {
        const out = await client.send(
          new ListMultipartUploadsCommand({ Bucket, Prefix: prefix, ...(after === undefined ? {} : { KeyMarker: after.key, UploadIdMarker: after.uploadId }) }),
        );
        const uploads: UploadInProgress[] = (out.Uploads ?? []).flatMap((upload) =>
          upload.Key === undefined || upload.UploadId === undefined ? [] : [{ key: upload.Key, uploadId: upload.UploadId }],
        );
        const last = uploads.at(-1);
        const next = out.NextKeyMarker !== undefined && out.NextUploadIdMarker !== undefined ? { key: out.NextKeyMarker, uploadId: out.NextUploadIdMarker } : last;
        return out.IsTruncated === true && next !== undefined ? { uploads, next } : { uploads };
      }),
    listParts: ({ key, uploadId, after }) =>
      mapped(async () => {
        const out = await client.send(
          new ListPartsCommand({ Bucket, Key: key, UploadId: uploadId, PartNumberMarker: after === undefined ? undefined : String(after) }),
        );
        const parts = (out.Parts ?? []).map((part) => ({ partNumber: part.PartNumber ?? 0, size: part.Size ?? 0, etag: part.ETag ?? '' }));
        const next = out.IsTruncated === true && out.NextPartNumberMarker !== undefined ? Number(out.NextPartNumberMarker) : undefined;
        return next === undefined ? { parts } : { parts, next };
      }, true),
    completeMultipart: ({ key, uploadId, parts }) =>
      mapped(async () => {
        const Parts = parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag }));
        try {
          await client.send(new CompleteMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts } }));
        } catch (error) {
          // Ceph RGW 16 answers Complete of an aborted upload with 500 InternalError (AWS: 404 NoSuchUpload). After a
          // server fault, ListParts tells a vanished upload (it throws NoSuchKey/NoSuchUpload) from a real failure.
          if (error instanceof S3ServiceException && error.$fault === 'server') {
            await client.send(new ListPartsCommand({ Bucket, Key: key, UploadId: uploadId, MaxParts: 1 }));
          }
          throw error;
        }
      }, true),
    abortMultipart: ({ key, uploadId }) =>
      mapped(async () => {
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId }));
      }, true),
    readObject: (key) =>
      mapped(async () => {
        try {
          const out = await client.send(new GetObjectCommand({ Bucket, Key: key }));
          return { body: (await out.Body?.transformToString('utf8')) ?? '', etag: out.ETag ?? '' };
        } catch (error) {
          if (error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404)) return undefined;
          throw error;
        }
      }),
    writeObject: (key, body, condition) =>
      mapped(async () => {
        // Bytes with their length stated: the SDK leaves Content-Length off an empty string body (the index entries
        // are empty) and then warns of "a Stream of unknown length".
        const bytes = new TextEncoder().encode(body);
        const put = async (ifMatch: string | undefined): Promise<'ok' | 'conflict'> => {
          try {
            await client.send(
              new PutObjectCommand({
                Bucket,
                Key: key,
                Body: bytes,
                ContentLength: bytes.byteLength,
                ContentType: 'application/json',
                ...sseParams(sse),
                IfMatch: ifMatch,
              }),
            );
            return 'ok';
          } catch (error) {
            // 412: the ETag changed since it was read; 409: a concurrent conditional write won (AWS may answer either).
            const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
            if (ifMatch !== undefined && (status === 412 || status === 409)) return 'conflict';
            throw error;
          }
        };
        const first = await put(condition?.ifMatch);
        if (first === 'ok' || condition === undefined) return first;
        // RGW 16 compares If-Match with the ETag without its quotes and refuses the quoted form that GET returns and
        // AWS expects (412 though nothing changed). When the object still has the ETag we read, ask again unquoted.
        const unquoted = condition.ifMatch.replace(/^"(.*)"$/, '$1');
        if (unquoted === condition.ifMatch) return first;
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: key })).catch(() => undefined);
        return head?.ETag === condition.ifMatch ? put(unquoted) : first;
      }),
    createObject: (key, body) =>
      mapped(async () => {
        try {
          await client.send(
            new PutObjectCommand({
              Bucket,
              Key: key,
              Body: body,
              ContentLength: body.byteLength,
              ContentType: 'application/octet-stream',
              ...sseParams(sse),
              IfNoneMatch: '*',
            }),
          );
          return 'ok';
        } catch (error) {
          // 412: an object exists; 409: a concurrent conditional write won (AWS may answer either).
          const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
          if (status === 412 || status === 409) return 'exists';
          throw error;
        }
      }),
    headObject: (key) =>
      mapped(async () => {
        try {
          const out = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
          return { size: out.ContentLength ?? 0 };
        } catch (error) {
          if (error instanceof S3ServiceException && (error.name === 'NotFound' || error.$metadata.httpStatusCode === 404)) return undefined;
          throw error;
        }
      }),
    copyObject: ({ from, to, size }) =>
      mapped(() => copyObject({ client, bucket, from, to, size, limits: copyLimits, sse: sseParams(sse) })),
    deleteObject: (key) =>
      mapped(async () => {
        await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
      }),
    async credentialsExpiry() {
      const credentials = await client.config.credentials();
      return credentials.expiration;
    },
  };
}
