import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { test as base, expect, type Download, type Page } from '@playwright/test';
import { VaultPage } from './pages/vault-page';

/**
 * Claims a user no other test has used and returns its token. A user has one vault, so every test that creates a
 * vault needs its own user; claims are files, so they hold across worker restarts.
 */
export function claimUserToken(): string {
  const token = process.env.COFFER_E2E_TOKEN;
  const dataDir = process.env.COFFER_E2E_DATA_DIR;
  if (!token || !dataDir) throw new Error('COFFER_E2E_TOKEN is not set: run the tests through playwright.config.ts');
  const users = Number(process.env.COFFER_E2E_USERS ?? 0);
  mkdirSync(join(dataDir, 'claims'), { recursive: true });
  for (let i = 0; i < users; i++) {
    try {
      writeFileSync(join(dataDir, 'claims', String(i)), '', { flag: 'wx' });
      return `${token}-${i}`;
    } catch {
      // Taken by an earlier test: try the next.
    }
  }
  throw new Error(`all ${users} e2e users are taken: raise E2E_USERS in e2e/stack-config.ts`);
}

/** The other valid token of the user whose token this is (the e2e stack gives each user two: stack-config.ts). */
export function secondTokenOf(token: string): string {
  return `${token}-second`;
}

/** Random bytes of a given size, as a file to upload. */
export function randomFile(name: string, size: number, mimeType = 'application/octet-stream') {
  return { name, mimeType, buffer: randomBytes(size) };
}

/**
 * A client for the e2e stack's S3 (to check what the bucket holds, as an operator would): s3rver's fixed keys on
 * port + 1, or the throwaway RGW's random keys from the connection file the stack writes in its data folder.
 */
export function s3Client(): S3Client {
  const settings = { region: 'us-east-1', forcePathStyle: true };
  if (process.env.COFFER_E2E_S3_BACKEND === 'rgw') {
    const file = join(process.env.COFFER_E2E_DATA_DIR ?? '', 'rgw-s3.json');
    const rgw = JSON.parse(readFileSync(file, 'utf8')) as { endpoint: string; accessKeyId: string; secretAccessKey: string };
    return new S3Client({ ...settings, endpoint: rgw.endpoint, credentials: { accessKeyId: rgw.accessKeyId, secretAccessKey: rgw.secretAccessKey } });
  }
  const url = new URL(process.env.COFFER_E2E_URL ?? '');
  return new S3Client({
    ...settings,
    endpoint: `http://127.0.0.1:${Number(url.port) + 1}`,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}

/** SHA-256 hex of some bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The bytes of a finished download. */
export async function downloadedBytes(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFile(path);
}

/** A fresh passphrase per test. */
export function newPassphrase(): string {
  return `correct horse ${randomBytes(6).toString('hex')} battery`;
}

/**
 * What `window.showSaveFilePicker` is in the app's page. 'absent' (the default): no File System Access API, so large
 * downloads go through the browser's downloads (the service worker), as in Firefox and Safari, and Playwright sees
 * them. 'opfs': Playwright cannot drive the native save picker, so a stand-in returns a real handle of a new file in
 * the Origin Private File System - the app's real writable-stream path writes it, and the test reads it back there.
 */
export type SavePicker = 'absent' | 'opfs';

function installSavePicker(kind: SavePicker) {
  if (kind === 'absent') {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
    return;
  }
  (window as { showSaveFilePicker?: unknown }).showSaveFilePicker = async (options?: { suggestedName?: string }) => {
    const root = await navigator.storage.getDirectory();
    return root.getFileHandle(options?.suggestedName ?? 'download', { create: true });
  };
}

interface Fixtures {
  /** How the page's save picker behaves (see SavePicker). */
  savePicker: SavePicker;
  /** A token of this test's own user. */
  token: string;
  /** The app, opened with the test's token. */
  vault: VaultPage;
}

/** Tests get their own user, and a page object for the app already connected with its token. */
export const test = base.extend<Fixtures>({
  savePicker: ['absent', { option: true }],
  // Playwright's fixture signature needs the destructuring pattern even when no fixture is used.
  // eslint-disable-next-line no-empty-pattern
  token: async ({}, use) => {
    await use(claimUserToken());
  },
  vault: async ({ page, token, savePicker }, use) => {
    await page.addInitScript(installSavePicker, savePicker);
    await use(await VaultPage.open(page, token));
  },
});

export { expect, type Page };
