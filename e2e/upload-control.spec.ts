import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import type { Page, Route } from '@playwright/test';
import { bigFile, MiB, rewriteInPlace, sha256Of } from './big-file';
import { expect, newPassphrase, s3Client, test } from './fixtures';

function partNumber(url: string): number | null {
  const value = new URL(url).searchParams.get('partNumber');
  return value === null ? null : Number(value);
}

/** Slows part uploads down (a fault: a slow network), so a test can act in the middle of an upload. */
async function slowParts(page: Page, ms: number): Promise<void> {
  await page.route(
    (url) => url.searchParams.has('partNumber'),
    async (route: Route) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      await route.continue().catch(() => undefined);
    },
  );
}

/**
 * Holds every part from `first` on until the returned function is called (a fault: a connection that stalls), so a
 * test acts in the middle of an upload however fast the machine sends the rest.
 */
async function holdPartsFrom(page: Page, first: number): Promise<() => void> {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => (partNumber(url.href) ?? 0) >= first,
    async (route: Route) => {
      await released;
      await route.continue().catch(() => undefined);
    },
  );
  return release;
}

/** Part numbers S3 answered 200 for. */
function confirmedParts(page: Page): Set<number> {
  const confirmed = new Set<number>();
  page.on('response', (response) => {
    const n = partNumber(response.url());
    if (n !== null && response.request().method() === 'PUT' && response.status() === 200) confirmed.add(n);
  });
  return confirmed;
}

/** The upload id of a part PUT, or null for another request. */
function uploadIdOf(url: string): string | null {
  return partNumber(url) === null ? null : new URL(url).searchParams.get('uploadId');
}

/** The multipart uploads S3 holds for the test's user (as the operator sees them). */
async function multipartUploads(baseURL: string | undefined, token: string): Promise<number> {
  const me = await fetch(`${baseURL}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  const { user } = (await me.json()) as { user: string };
  const listed = await s3Client().send(new ListMultipartUploadsCommand({ Bucket: 'coffer', Prefix: `users/${user}/` }));
  return listed.Uploads?.length ?? 0;
}

/** Records each distinct text the element matching `selector` shows, as the page renders it. */
async function recordTexts(page: Page, selector: string): Promise<() => Promise<string[]>> {
  await page.evaluate((selector) => {
    const seen: string[] = [];
    (window as unknown as { coffer_texts: string[] }).coffer_texts = seen;
    new MutationObserver(() => {
      const text = document.querySelector(selector)?.textContent;
      if (text && text !== seen.at(-1)) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  }, selector);
  return () => page.evaluate(() => (window as unknown as { coffer_texts: string[] }).coffer_texts);
}

test.describe('upload control', () => {
  test.setTimeout(180_000);

  test('a reload in the middle of an upload, then the same file again: it resumes without re-sending parts', async ({ vault }) => {
    const passphrase = newPassphrase();
    await vault.createVault(passphrase);
    const file = await bigFile('holiday video.mp4', 64 * MiB + 777);
    await slowParts(vault.page, 400);
    const before = confirmedParts(vault.page);
    await vault.page.getByLabel('Upload files').setInputFiles(file.path);
    await expect.poll(() => before.size, { timeout: 60_000 }).toBeGreaterThanOrEqual(4);

    await vault.page.reload();
    const confirmedBeforeReload = new Set(before);
    const sentAfter: number[] = [];
    vault.page.on('request', (request) => {
      const n = partNumber(request.url());
      if (n !== null && request.method() === 'PUT') sentAfter.push(n);
    });
    await vault.unlock(passphrase);
    const unfinished = vault.page.getByRole('region', { name: 'Unfinished uploads' });
    await expect(unfinished.getByRole('button', { name: 'Discard holiday video.mp4' })).toBeVisible();
    await vault.page.getByLabel('Upload files').setInputFiles(file.path);
    await expect(vault.row('holiday video.mp4')).toBeVisible({ timeout: 120_000 });

    expect(sentAfter.length).toBeGreaterThan(0);
    expect(sentAfter.filter((n) => confirmedBeforeReload.has(n))).toEqual([]);
    const download = await vault.download('holiday video.mp4');
    expect(await sha256Of(await download.path())).toBe(file.sha256);
  });

  test('a file changed in place (same size and date) after a reload starts over under a new key: the stored file is the new version', async ({
    vault,
    token,
    baseURL,
  }) => {
    const passphrase = newPassphrase();
    await vault.createVault(passphrase);
    const file = await bigFile('ledger.db', 48 * MiB + 321);
    await slowParts(vault.page, 400);
    const before = confirmedParts(vault.page);
    const sentBefore = new Set<string>();
    vault.page.on('request', (request) => {
      const id = uploadIdOf(request.url());
      if (id !== null && request.method() === 'PUT') sentBefore.add(id);
    });
    await vault.page.getByLabel('Upload files').setInputFiles(file.path);
    await expect.poll(() => before.size, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);

    await vault.page.reload();
    const oldUploads = new Set(sentBefore);
    expect(oldUploads.size).toBe(1);
    // Some parts are stored, others were on their way (the operator may hold their bytes); now the file changes.
    const changed = await rewriteInPlace(file.path);
    const sentAfter: string[] = [];
    vault.page.on('request', (request) => {
      const id = uploadIdOf(request.url());
      if (id !== null && request.method() === 'PUT') sentAfter.push(id);
    });
    await vault.unlock(passphrase);
    await expect(vault.page.getByRole('region', { name: 'Unfinished uploads' }).getByRole('button', { name: 'Discard ledger.db' })).toBeVisible();
    await vault.page.getByLabel('Upload files').setInputFiles(file.path);
    await expect(vault.row('ledger.db')).toBeVisible({ timeout: 120_000 });

    // Not one part went to the old upload again (its key sealed the old bytes), and the old upload is gone.
    expect(sentAfter.length).toBeGreaterThan(0);
    expect(sentAfter.filter((id) => oldUploads.has(id))).toEqual([]);
    await expect.poll(() => multipartUploads(baseURL, token)).toBe(0);
    const download = await vault.download('ledger.db');
    expect(await sha256Of(await download.path())).toBe(changed);
  });

  test('a part the storage answered for but never stored is sent again when the upload resumes, and the upload completes', async ({ vault }) => {
    const passphrase = newPassphrase();
    await vault.createVault(passphrase);
    const file = await bigFile('backup.tar', 48 * MiB + 4321);
    await slowParts(vault.page, 400);
    // Fault: something between the browser and S3 answers the first PUT of part 2 with 200 and an ETag; S3 never
    // sees it. The app's record says part 2 is stored; S3's list of parts does not.
    let faked = 0;
    await vault.page.route(
      (url) => partNumber(url.href) === 2,
      async (route: Route) => {
        if (route.request().method() !== 'PUT' || faked > 0) return route.fallback();
        faked += 1;
        await route.fulfill({
          status: 200,
          headers: {
            'access-control-allow-origin': new URL(vault.page.url()).origin,
            'access-control-expose-headers': 'ETag',
            etag: '"0123456789abcdef0123456789abcdef"',
          },
        });
      },
    );
    const confirmed = confirmedParts(vault.page);
    await vault.page.getByLabel('Upload files').setInputFiles(file.path);
    await expect.poll(() => faked > 0 && confirmed.size >= 3, { timeout: 60_000 }).toBe(true);

    await vault.page.reload();
    const sentAfter: number[] = [];
    vault.page.on('request', (request) => {
      const n = partNumber(request.url());
      if (n !== null && request.method() === 'PUT') sentAfter.push(n);
    });
    await vault.unlock(passphrase);
    await vault.page.getByLabel('Upload files').setInputFiles(file.path);
    await expect(vault.row('backup.tar')).toBeVisible({ timeout: 120_000 });
    expect(sentAfter).toContain(2);
    const download = await vault.download('backup.tar');
    expect(await sha256Of(await download.path())).toBe(file.sha256);
  });

  test('the same file chosen again after a reload says "Checking the file…" while its upload is checked, then goes on', async ({ vault }) => {
    const passphrase = newPassphrase();
    await vault.createVault(passphrase);
    const file = await bigFile('lecture.mkv', 48 * MiB + 99);
    await slowParts(vault.page, 400);
    const before = confirmedParts(vault.page);
    await vault.page.getByLabel('Upload files').setInputFiles(file.path);
    await expect.poll(() => before.size, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);

    await vault.page.reload();
    await vault.unlock(passphrase);
    await expect(vault.page.getByRole('region', { name: 'Unfinished uploads' }).getByRole('button', { name: 'Discard lecture.mkv' })).toBeVisible();
    // Fault: S3's list of the upload's parts - where the check begins - answers only once the test has read the panel,
    // as a check of a large file (the file read again, ~3 s per GiB) holds it.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    await vault.page.route(
      (url) => url.pathname === '/v1/multipart/parts',
      async (route: Route) => {
        await released;
        await route.continue().catch(() => undefined);
      },
    );
    const shown = await recordTexts(vault.page, '[aria-label="Upload of lecture.mkv"]');
    await vault.page.getByLabel('Upload files').setInputFiles(file.path);
    const item = vault.page.getByRole('listitem', { name: 'Upload of lecture.mkv' });
    await expect(item).toContainText('Checking the file…');
    await expect(item).toContainText('reading the file again to check that it is what was stored before');
    await expect(item).not.toContainText('Encrypting and uploading');
    release();
    await expect(vault.row('lecture.mkv')).toBeVisible({ timeout: 120_000 });

    const texts = await shown();
    const checking = texts.findIndex((t) => t.includes('Checking the file…'));
    expect(checking, texts.join('\n')).toBeGreaterThan(-1);
    // Once the check is over, the upload goes on and says so.
    expect(texts.slice(checking).some((t) => t.includes('Encrypting and uploading'))).toBe(true);
    const download = await vault.download('lecture.mkv');
    expect(await sha256Of(await download.path())).toBe(file.sha256);
  });

  test('cancel stops the upload and leaves no multipart upload in the bucket', async ({ vault, token, baseURL }) => {
    await vault.createVault(newPassphrase());
    const me = await fetch(`${baseURL}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    const { user } = (await me.json()) as { user: string };
    const file = await bigFile('archive.tar', 48 * MiB);
    // Parts 1 and 2 go through; the rest wait until the upload is cancelled (a loaded machine once sent all of them
    // before the click, and the upload was stored instead of cancelled).
    const release = await holdPartsFrom(vault.page, 3);
    const confirmed = confirmedParts(vault.page);
    await vault.page.getByLabel('Upload files').setInputFiles(file.path);
    await expect.poll(() => confirmed.size, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await vault.page.getByRole('button', { name: 'Cancel archive.tar' }).click();
    // A cancelled upload folds away into the panel's count.
    await expect(vault.page.getByRole('region', { name: 'Uploads' })).toContainText('1 upload cancelled');
    await expect(vault.page.getByLabel('Upload of archive.tar')).toHaveCount(0);
    release();

    const s3 = s3Client();
    await expect
      .poll(async () => (await s3.send(new ListMultipartUploadsCommand({ Bucket: 'coffer', Prefix: `users/${user}/` }))).Uploads?.length ?? 0)
      .toBe(0);
    await expect(vault.page.getByText('Your vault is empty')).toBeVisible();
  });

  test('a file that finishes uploading while the list is still loading shows in the list', async ({ vault }) => {
    // Fault: a slow answer to listings, so the first list of the new vault (made before the upload) is still on its
    // way when the upload is stored.
    let listings = 0;
    await vault.page.route(
      (url) => url.pathname === '/v1/objects',
      async (route: Route) => {
        listings += 1;
        // The storage answers at once; the answer arrives late. (A listing still on its way when the test ends fails.)
        const response = await route.fetch().catch(() => undefined);
        if (!response) return;
        await new Promise((resolve) => setTimeout(resolve, 2500));
        await route.fulfill({ response }).catch(() => undefined);
      },
    );
    await vault.createVault(newPassphrase());
    await expect.poll(() => listings).toBeGreaterThan(0);
    await vault.page.getByLabel('Upload files').setInputFiles({ name: 'minutes.txt', mimeType: 'text/plain', buffer: Buffer.from('quick') });
    await expect(vault.page.getByRole('region', { name: 'Uploads' })).toContainText('1 of 1 file stored');
    await expect(vault.row('minutes.txt')).toBeVisible({ timeout: 30_000 });
  });

  test('once every part is stored, the upload says it is finishing while the storage joins the parts', async ({ vault }) => {
    await vault.createVault(newPassphrase());
    // Fault: a slow completion, as S3 gives for a large object (the embedded S3 takes seconds per GiB).
    let completions = 0;
    await vault.page.route(
      (url) => url.pathname === '/v1/multipart/complete',
      async (route: Route) => {
        completions += 1;
        await new Promise((resolve) => setTimeout(resolve, 3000));
        await route.continue().catch(() => undefined);
      },
    );
    const shown = await recordTexts(vault.page, '[aria-label="Upload of scan.tiff"]');
    const file = await bigFile('scan.tiff', 12 * MiB);
    await vault.page.getByLabel('Upload files').setInputFiles(file.path);
    const item = vault.page.getByLabel('Upload of scan.tiff');
    await expect(vault.page.getByRole('region', { name: 'Uploads' })).toContainText('1 of 1 file stored', { timeout: 60_000 });
    await expect(vault.row('scan.tiff')).toBeVisible();
    // Stored, its row folded away.
    await expect(item).toHaveCount(0);

    // Every text the item showed, in the order the page rendered them (polling could miss a short phase).
    const texts = await shown();
    const finishing = texts.findIndex((t) => t.includes('Finishing'));
    expect(finishing, texts.join('\n')).toBeGreaterThan(-1);
    expect(texts[finishing]).toContain('every part is stored; putting them together into one file');
    expect(texts[finishing]).not.toContain('left');
    expect(texts.slice(finishing).every((t) => t.includes('Finishing'))).toBe(true);
    expect(texts.slice(0, finishing).some((t) => t.includes('Encrypting and uploading'))).toBe(true);
    test.info().annotations.push({ type: 'completions delayed', description: String(completions) });
  });
});
