/** S3's smallest part (except the last) in a multipart upload: 5 MiB. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

/** S3's largest part, and largest single PUT: 5 GiB. */
export const MAX_PART_SIZE = 5 * 1024 * 1024 * 1024;

/** S3's largest part number. */
export const MAX_PARTS = 10_000;

/** S3's largest object: 5 TiB. */
export const MAX_OBJECT_SIZE = 5 * 1024 * 1024 * 1024 * 1024;

/** SigV4's longest presigned URL lifetime: 7 days. */
export const MAX_PRESIGN_SECONDS = 604_800;

/** S3's page size for ListParts and ListObjectsV2. */
export const MAX_PAGE_SIZE = 1000;
