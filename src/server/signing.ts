import { MAX_PRESIGN_SECONDS, partLength, type SignPartsResponse } from '../protocol/index.ts';
import type { RouteDeps } from './context.ts';
import { Problem } from './problem.ts';

/** When a URL is signed and how long it lives. */
export interface SigningWindow {
  expiresIn: number;
  signingDate: Date;
  expiresAt: string;
}

/**
 * The lifetime of a URL asked for `requested` seconds: clamped to the configured maximum,
 * SigV4's 7 days, and the expiry of the credentials that sign it (a URL dies with them).
 */
export async function signingWindow(deps: RouteDeps, requested: number | undefined): Promise<SigningWindow> {
  const now = deps.clock();
  let expiresIn = Math.min(requested ?? deps.config.presignMaxExpires, deps.config.presignMaxExpires, MAX_PRESIGN_SECONDS);
  const credentialsExpiry = await deps.storage.credentialsExpiry();
  if (credentialsExpiry !== undefined) {
    const left = Math.floor((credentialsExpiry.getTime() - now) / 1000);
    if (left < 1) throw new Problem(503, 'credentials_expiring', 'the signing credentials are expiring: retry shortly');
    expiresIn = Math.min(expiresIn, left);
  }
  return { expiresIn, signingDate: new Date(now), expiresAt: new Date(now + expiresIn * 1000).toISOString() };
}

/** A multipart upload whose parts are to be signed, with the plan that fixes every part's length. */
export interface UploadPlan {
  /** The object key in the bucket, prefix included. */
  key: string;
  uploadId: string;
  /** The whole upload's size in bytes, cut into `partSize` parts; `partCount` is the last part's number. */
  size: number;
  partSize: number;
  partCount: number;
}

/**
 * Signs an upload-part URL for each of `partNumbers`, each bound to that part's exact length from the plan, so no URL
 * can put more bytes than the plan allows. A part number past the last part is a 400 `part_out_of_range`.
 */
export async function signParts(deps: RouteDeps, plan: UploadPlan, partNumbers: readonly number[], window: SigningWindow): Promise<SignPartsResponse> {
  const outside = partNumbers.find((n) => n > plan.partCount);
  if (outside !== undefined) {
    throw new Problem(400, 'part_out_of_range', `part ${outside} is past the last part (${plan.partCount}) of this upload`);
  }
  const parts = await Promise.all(
    partNumbers.map(async (partNumber) => {
      const size = partLength(plan.size, plan.partSize, partNumber);
      const signed = await deps.storage.presignPart({
        key: plan.key,
        uploadId: plan.uploadId,
        partNumber,
        contentLength: size,
        expiresIn: window.expiresIn,
        signingDate: window.signingDate,
      });
      return { partNumber, size, url: signed.url, headers: signed.headers };
    }),
  );
  return { parts, expiresAt: window.expiresAt };
}
