import type { ConsoleMessage } from '@playwright/test';
import { downloadedBytes, expect, newPassphrase, randomFile, sha256, test, type Page } from './fixtures';
import { VaultPage } from './pages/vault-page';

/** The S3 origin of the e2e stack: its local S3 server listens on the app's port + 1. */
function s3Origin(): string {
  const app = new URL(process.env.COFFER_E2E_URL ?? '');
  return `${app.protocol}//${app.hostname}:${Number(app.port) + 1}`;
}

/**
 * Collects what the browser reports about the Content-Security-Policy: `securitypolicyviolation` events in the page
 * and its frames, and console errors about the policy from the page and its workers (a worker's violations do not
 * reach the page's events).
 */
async function watchCsp(page: Page): Promise<string[]> {
  const reports: string[] = [];
  await page.exposeFunction('cofferCspViolation', (text: string) => reports.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { cofferCspViolation: (text: string) => void }).cofferCspViolation;
      report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  const onConsole = (message: ConsoleMessage) => {
    if (/content security policy/i.test(message.text())) reports.push(`console: ${message.text()}`);
  };
  page.on('console', onConsole);
  page.on('worker', (worker) => worker.on('console', onConsole));
  return reports;
}

test('the app and its assets arrive with a strict CSP, nosniff and no-referrer', async ({ request }) => {
  const page = await request.get('/');
  expect(page.status()).toBe(200);
  const html = await page.text();
  const script = /<script[^>]*\ssrc="([^"]+)"/.exec(html)?.[1];
  expect(script, 'the built app loads its script from a file').toMatch(/^\/assets\/.+\.js$/);
  expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  const asset = await request.get(script ?? '');
  expect(asset.status()).toBe(200);

  for (const response of [page, asset]) {
    const headers = response.headers();
    const csp = headers['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain(`connect-src 'self' ${s3Origin()}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|'unsafe-eval'/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
  }
  const api = await request.get('/v1/health');
  expect(api.headers()['x-content-type-options']).toBe('nosniff');
  expect(api.headers()['referrer-policy']).toBe('no-referrer');
});

test('under that policy: create a vault, upload, download, delete, with no CSP violation', async ({ page, token }) => {
  test.setTimeout(120_000);
  const violations = await watchCsp(page);
  const vault = await VaultPage.open(page, token);
  await vault.createVault(newPassphrase());

  // 6 MiB: a multipart upload through the crypto workers; the KDF ran hash-wasm (WebAssembly) in its worker.
  const file = randomFile('plans.pdf', 6 * 1024 * 1024 + 123, 'application/pdf');
  await vault.upload([file]);
  const download = await vault.download(file.name);
  expect(sha256(await downloadedBytes(download))).toBe(sha256(file.buffer));
  await vault.delete(file.name);
  await expect(page.getByText('Your vault is empty')).toBeVisible();

  expect(violations).toEqual([]);
});
