import { readFileSync } from 'node:fs';
import type { Locator, Request, Route } from '@playwright/test';
import { MiB } from './big-file';
import { expect, newPassphrase, randomFile, test, type Page } from './fixtures';
import type { VaultPage } from './pages/vault-page';
import { pdfDocument, pngImage, wavTone, webmVideo } from './preview-media';

/** The S3 origin of the e2e stack: its local S3 server listens on the app's port + 1. */
function s3Port(): string {
  return String(Number(new URL(process.env.COFFER_E2E_URL ?? '').port) + 1);
}

/** Opens a file's preview from its row (its button, or its Actions menu on a phone); returns the dialog. */
async function openPreview(vault: VaultPage, name: string): Promise<Locator> {
  await vault.rowAction(name, 'Preview');
  const dialog = vault.page.getByRole('dialog', { name });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Plays a media element (muted, so no autoplay rule stops it) and waits until `seconds` of it have played. */
async function playUntil(media: Locator, seconds: number): Promise<void> {
  await media.evaluate((m: HTMLMediaElement) => {
    m.muted = true;
    return m.play();
  });
  await expect.poll(() => media.evaluate((m: HTMLMediaElement) => m.currentTime), { timeout: 60_000 }).toBeGreaterThan(seconds);
}

/**
 * Counts the bytes the page asks S3 for: every GET to the S3 origin, by its Range header (S3 sends no more than the
 * range; a GET without a range counts as more than any file).
 */
function countS3Reads(page: Page) {
  const ranges: { start: number; end: number }[] = [];
  const ends = new Set<number>();
  page.on('request', (request: Request) => {
    if (request.method() !== 'GET' || new URL(request.url()).port !== s3Port()) return;
    const match = /^bytes=(\d+)-(\d+)$/.exec(request.headers()['range'] ?? '');
    ranges.push(match ? { start: Number(match[1]), end: Number(match[2]) + 1 } : { start: 0, end: Number.MAX_SAFE_INTEGER });
  });
  return {
    /** The ranges asked for since the last call, each saying whether it starts where an earlier one ended. */
    take() {
      return ranges.splice(0).map((range) => {
        const continues = ends.has(range.start); // starts where an earlier request ended
        ends.add(range.end);
        return { ...range, continues };
      });
    },
    bytes: (list: { start: number; end: number }[]) => list.reduce((n, r) => n + r.end - r.start, 0),
  };
}

/** The pages of a PDF's preview, drawn: each a picture described by its text. */
async function expectPdfPages(dialog: Locator, texts: string[]): Promise<void> {
  for (const [i, text] of texts.entries()) {
    await expect(dialog.getByRole('img', { name: `Page ${i + 1} of ${texts.length}` })).toHaveAccessibleDescription(text);
  }
}

/** Collects what the page reports about the Content-Security-Policy (previews must need nothing it forbids). */
function watchCsp(page: Page): string[] {
  const reports: string[] = [];
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) reports.push(message.text());
  });
  return reports;
}

test('images, PDFs and text show decrypted in a keyboard-operable dialog', async ({ vault }) => {
  const page = vault.page;
  const violations = watchCsp(page);
  await vault.createVault(newPassphrase());
  const longText = Array.from({ length: 40_000 }, (_, i) => `line ${i}: the quick brown fox`).join('\n');
  await vault.upload([
    { name: 'photo.png', mimeType: 'image/png', buffer: pngImage(320, 200) },
    { name: 'report.pdf', mimeType: 'application/pdf', buffer: pdfDocument('Quarterly figures') },
    { name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><circle cx="60" cy="40" r="30"/></svg>') },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Remember: the vault opens only with the passphrase.\n') },
    { name: 'server.log', mimeType: 'text/plain', buffer: Buffer.from(longText) },
  ]);

  // An image: decoded at its real size.
  let dialog = await openPreview(vault, 'photo.png');
  const image = dialog.getByRole('img', { name: 'photo.png' });
  await expect.poll(() => image.evaluate((i: HTMLImageElement) => [i.complete, i.naturalWidth, i.naturalHeight])).toEqual([true, 320, 200]);
  // Focus starts inside, Tab never leaves the dialog, Escape closes it and focus goes back to the Preview button.
  await expect(dialog.getByRole('button', { name: 'Download' })).toBeFocused();
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(vault.row('photo.png').getByRole('button', { name: /^Preview/ })).toBeFocused();

  // A PDF: its page drawn in the dialog (by PDF.js, not as a document of its own), with its text as the description.
  dialog = await openPreview(vault, 'report.pdf');
  await expectPdfPages(dialog.getByRole('region', { name: 'report.pdf (PDF)' }), ['Quarterly figures']);
  expect(page.frames()).toHaveLength(1);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // An SVG: a picture drawn from it, at its own size.
  dialog = await openPreview(vault, 'logo.svg');
  const logo = dialog.getByRole('img', { name: 'logo.svg' });
  await expect.poll(() => logo.evaluate((i: HTMLImageElement) => [i.complete, i.naturalWidth, i.naturalHeight, i.width, i.height])).toEqual([true, 120, 80, 120, 80]);
  await page.keyboard.press('Escape');

  // Text: shown as text; a long file only in its first 256 KiB, and it says so.
  dialog = await openPreview(vault, 'notes.txt');
  await expect(dialog.getByLabel('Contents of notes.txt')).toHaveText('Remember: the vault opens only with the passphrase.\n');
  await page.keyboard.press('Escape');
  dialog = await openPreview(vault, 'server.log');
  await expect(dialog.getByText(/Showing the first 262 KB of 1\.\d MB/)).toBeVisible();
  const shown = await dialog.getByLabel('Contents of server.log').evaluate((pre) => pre.textContent);
  expect(shown).toBe(longText.slice(0, 256 * 1024));
  await dialog.getByRole('button', { name: 'Close' }).click();

  // At phone width the dialog fills the screen, and its controls and the image stay on it.
  await page.setViewportSize({ width: 375, height: 667 });
  dialog = await openPreview(vault, 'photo.png');
  for (const control of [dialog.getByRole('button', { name: 'Download' }), dialog.getByRole('button', { name: 'Close' }), image]) {
    await expect(control).toBeInViewport({ ratio: 1 });
  }
  expect((await dialog.boundingBox())?.width).toBeLessThanOrEqual(375);
  expect(violations).toEqual([]);
});

test('audio plays streamed through the service worker', async ({ vault }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([{ name: 'tone.wav', mimeType: 'audio/wav', buffer: wavTone(4) }]);
  const dialog = await openPreview(vault, 'tone.wav');
  const audio = dialog.locator('audio');
  await expect(audio).toHaveAttribute('src', /^\/coffer-preview\//);
  await playUntil(audio, 1);
});

test('a 120 MB video starts playing after a small part of it is fetched, and a seek fetches only the end', async ({ vault }) => {
  test.setTimeout(300_000);
  const path = webmVideo(24);
  const file = readFileSync(path);
  const page = vault.page;
  await vault.createVault(newPassphrase());
  await page.getByLabel('Upload files').setInputFiles(path);
  await expect(vault.row('video-24x10s.webm')).toBeVisible({ timeout: 180_000 });
  const reads = countS3Reads(page);

  const dialog = await openPreview(vault, 'video-24x10s.webm');
  const video = dialog.locator('video');
  await expect(video).toHaveAttribute('src', /^\/coffer-preview\//);
  await playUntil(video, 2);
  const atStart = reads.bytes(reads.take());
  console.log(`video: playing after ${(atStart / MiB).toFixed(1)} MiB fetched of ${(file.length / MiB).toFixed(1)} MiB`);
  expect(atStart).toBeLessThan(file.length / 4);

  // Seek near the end: it plays there, and what is fetched for it lies in the last part of the object.
  const duration = await video.evaluate((v: HTMLVideoElement) => v.duration);
  expect(duration).toBeGreaterThan(200);
  await video.evaluate((v: HTMLVideoElement) => (v.currentTime = v.duration - 6));
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 60_000 }).toBeGreaterThan(duration - 5);
  // Besides the end, the player may have asked for the next window of what it was playing (a request that starts
  // where an earlier one ended, sent before the seek took effect): never for anything in between.
  const afterSeek = reads.take();
  const tail = afterSeek.filter((r) => r.start > 0.85 * file.length);
  const continued = afterSeek.filter((r) => r.start <= 0.85 * file.length);
  console.log(`video: seek fetched ${(reads.bytes(tail) / MiB).toFixed(1)} MiB near the end in ${tail.length} requests (+${continued.length} continuing)`);
  expect(tail.length).toBeGreaterThan(0);
  expect(reads.bytes(tail)).toBeLessThan(file.length / 8);
  for (const range of continued) expect(range.continues, `range ${range.start}-${range.end} after the seek`).toBe(true);
  expect(reads.bytes(continued)).toBeLessThan(10 * MiB);

  // The bytes the element is served are the file's own, with HTTP range semantics.
  const from = 50_000_000;
  const slice = await page.evaluate(
    async ([url, start]) => {
      const response = await fetch(url, { headers: { Range: `bytes=${start}-${start + 99}` } });
      return { status: response.status, range: response.headers.get('content-range'), bytes: [...new Uint8Array(await response.arrayBuffer())] };
    },
    [(await video.getAttribute('src')) ?? '', from] as const,
  );
  expect(slice).toEqual({ status: 206, range: `bytes ${from}-${from + 99}/${file.length}`, bytes: [...file.subarray(from, from + 100)] });

  // Fault injection: from here the storage changes one byte of whatever it sends of the second half. Seeking there
  // stops the preview with the reason instead of playing what does not authenticate.
  await page.route(
    (url) => url.port === s3Port(),
    async (route: Route) => {
      const start = Number(/^bytes=(\d+)-/.exec(route.request().headers()['range'] ?? '')?.[1] ?? 0);
      if (start < file.length / 2) return route.continue();
      const response = await route.fetch();
      const body = await response.body();
      body[100] = (body[100] ?? 0) ^ 0x01;
      return route.fulfill({ response, body });
    },
  );
  await video.evaluate((v: HTMLVideoElement) => (v.currentTime = v.duration / 2 + 20));
  await expect(dialog.getByRole('alert')).toContainText('This file was changed in storage');
  await expect(dialog.locator('video')).toHaveCount(0);
});

test('a file changed in storage is not shown, and the dialog says why', async ({ vault }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([{ name: 'diary.txt', mimeType: 'text/plain', buffer: Buffer.from('Dear diary, '.repeat(1000)) }]);
  // Fault injection: the storage returns the payload (any range after the header) with one byte changed.
  await vault.page.route(
    (url) => url.port === s3Port() && url.pathname.includes('/files/'),
    async (route: Route) => {
      const start = Number(/^bytes=(\d+)-/.exec(route.request().headers()['range'] ?? '')?.[1] ?? 0);
      if (start === 0) return route.continue();
      const response = await route.fetch();
      const body = await response.body();
      body[100] = (body[100] ?? 0) ^ 0x01;
      return route.fulfill({ response, body });
    },
  );
  const dialog = await openPreview(vault, 'diary.txt');
  await expect(dialog.getByRole('alert')).toContainText('This file was changed in storage');
  await expect(dialog.getByLabel('Contents of diary.txt')).toHaveCount(0);
});

test.describe('without the service worker', () => {
  test.use({ serviceWorkers: 'block' });

  test('small media play from memory, PDFs are drawn; large media say why they cannot be previewed', async ({ vault }) => {
    test.setTimeout(180_000);
    const violations = watchCsp(vault.page);
    await vault.createVault(newPassphrase());
    await vault.upload([
      { name: 'tone.wav', mimeType: 'audio/wav', buffer: wavTone(4) },
      { name: 'report.pdf', mimeType: 'application/pdf', buffer: pdfDocument('Quarterly figures') },
      randomFile('big.webm', 33 * MiB, 'video/webm'),
    ]);
    let dialog = await openPreview(vault, 'tone.wav');
    const audio = dialog.locator('audio');
    await expect(audio).toHaveAttribute('src', /^blob:/);
    await playUntil(audio, 1);
    await vault.page.keyboard.press('Escape');
    // A PDF needs no service worker: it is drawn in the page.
    dialog = await openPreview(vault, 'report.pdf');
    await expectPdfPages(dialog, ['Quarterly figures']);
    await vault.page.keyboard.press('Escape');
    dialog = await openPreview(vault, 'big.webm');
    await expect(dialog.getByText(/too large to preview until Coffer’s service worker runs/)).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Download' })).toBeVisible();
    expect(violations).toEqual([]);
  });
});
