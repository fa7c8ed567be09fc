import { existsSync } from 'node:fs';

/** Flags for headless Chromium on these machines: as root, and with no background calls to an unreachable network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Debian's chromium where it exists (Playwright cannot download browsers here), else undefined: Playwright's own. */
export function chromiumExecutable(): string | undefined {
  const debian = '/usr/bin/chromium';
  return process.env.COFFER_CHROMIUM ?? (existsSync(debian) ? debian : undefined);
}
