import { MAX_PRESIGN_SECONDS } from '../protocol/index.ts';
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
