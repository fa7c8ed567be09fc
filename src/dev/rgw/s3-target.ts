import {
  CreateBucketCommand,
  PutBucketCorsCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';

/** Everything a client needs to talk to one bucket of an S3-compatible server. */
export interface S3Target {
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly bucket: string;
}

/**
 * An S3Client for `target` with the settings pre-signed browser uploads need: path-style URLs, and no
 * default CRC32 checksums (SDK >= 3.729 would otherwise sign the checksum of an empty body into PUT URLs).
 */
export function createS3Client(target: S3Target, overrides: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...overrides,
  });
}

/**
 * Creates the bucket with one CORS rule: the allowed origins may GET/PUT/HEAD/DELETE/POST with any
 * header, and read the ETag (a browser multipart upload needs each part's ETag).
 */
export async function createBucketWithCors(target: S3Target, allowedOrigins: readonly string[]): Promise<void> {
  const client = createS3Client(target);
  try {
    await client.send(new CreateBucketCommand({ Bucket: target.bucket }));
    if (allowedOrigins.length === 0) return;
    await client.send(
      new PutBucketCorsCommand({
        Bucket: target.bucket,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: [...allowedOrigins],
              AllowedMethods: ['GET', 'PUT', 'HEAD', 'DELETE', 'POST'],
              AllowedHeaders: ['*'],
              ExposeHeaders: ['ETag'],
              MaxAgeSeconds: 3000,
            },
          ],
        },
      }),
    );
  } finally {
    client.destroy();
  }
}
