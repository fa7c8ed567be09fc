/**
 * Server-side copies in one bucket, as S3 allows them: CopyObject for an object of up to 5 GiB, and above that a
 * multipart upload whose parts are copied with UploadPartCopy (byte ranges of the source). No byte passes through
 * the endpoint either way.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { MAX_PART_SIZE, MAX_PARTS } from '../protocol/index.ts';

/** How copies are cut; the defaults are S3's rules, tests lower them to exercise the multipart path. */
export interface CopyLimits {
  /** Largest object copied with one CopyObject (S3: 5 GiB). */
  singleMax: number;
  /** Smallest part of a multipart copy (grown so that no copy needs more than 10,000 parts). */
  partSize: number;
}

/** S3's limits: CopyObject up to 5 GiB; parts of at least 512 MiB above that (a 5 TiB object needs 10,000 of 550 MB). */
export const S3_COPY_LIMITS: CopyLimits = { singleMax: MAX_PART_SIZE, partSize: 512 * 1024 * 1024 };

/** Part copies in flight at once. */
const PARALLEL_PARTS = 4;

/** The `x-amz-copy-source` of a key: bucket and key, each path segment URI-encoded. */
function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** Byte ranges [start, end] (inclusive) of the parts of a multipart copy of `size` bytes. */
export function copyRanges(size: number, limits: CopyLimits): { start: number; end: number }[] {
  const partSize = Math.max(limits.partSize, Math.ceil(size / MAX_PARTS));
  const ranges: { start: number; end: number }[] = [];
  for (let start = 0; start < size; start += partSize) ranges.push({ start, end: Math.min(size, start + partSize) - 1 });
  return ranges;
}

/** What a copy needs to know. */
export interface CopyInput {
  client: S3Client;
  bucket: string;
  from: string;
  to: string;
  /** The source's size, from a HEAD just before. */
  size: number;
  limits: CopyLimits;
  /** Server-side encryption to request on the new object. */
  sse: { ServerSideEncryption?: 'AES256' | 'aws:kms'; SSEKMSKeyId?: string };
}

/**
 * Copies `from` to `to`. A multipart copy that fails is aborted, so no parts are left behind; `to` then does not exist.
 */
export async function copyObject({ client, bucket, from, to, size, limits, sse }: CopyInput): Promise<void> {
  const CopySource = copySource(bucket, from);
  if (size <= limits.singleMax) {
    await client.send(new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource, ...sse }));
    return;
  }
  const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: to, ...sse }));
  const UploadId = created.UploadId;
  if (UploadId === undefined) throw new Error('storage returned no upload id');
  try {
    const ranges = copyRanges(size, limits);
    const parts = new Array<{ PartNumber: number; ETag: string }>(ranges.length);
    let next = 0;
    const lane = async () => {
      while (next < ranges.length) {
        const index = next++;
        const range = ranges[index] as { start: number; end: number };
        const out = await client.send(
          new UploadPartCopyCommand({
            Bucket: bucket,
            Key: to,
            UploadId,
            PartNumber: index + 1,
            CopySource,
            CopySourceRange: `bytes=${range.start}-${range.end}`,
          }),
        );
        parts[index] = { PartNumber: index + 1, ETag: out.CopyPartResult?.ETag ?? '' };
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_PARTS, ranges.length) }, lane));
    await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: to, UploadId, MultipartUpload: { Parts: parts } }));
  } catch (error) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: to, UploadId })).catch(() => undefined);
    throw error;
  }
}
