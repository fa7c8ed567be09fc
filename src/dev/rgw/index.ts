/** Public face of the throwaway Ceph RGW launcher and the helpers conformance tests share. */
export { startRgw, type RgwInstance, type StartRgwOptions } from './start-rgw.ts';
export { RgwStartError } from './errors.ts';
export type { ObjectStore } from './ceph-conf.ts';
export { createS3Client, type S3Target } from './s3-target.ts';
export { s3ErrorCode, withAlteredSignature, withExtraParam, withKey, wrongSecret } from './presigned-url.ts';
