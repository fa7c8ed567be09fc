import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { expect, newPassphrase, randomFile, s3Client, test } from './fixtures';
import { OwnerShares } from './pages/share-pages';
import { expectPlainWords } from './plain-words';

/**
 * Errors from the storage reach people in plain words: what happened and what to do, without S3's codes and messages
 * ("NoSuchKey: The specified key does not exist."), HTTP statuses or the server's terms. The screens themselves are
 * checked in accessibility.spec.ts; these are the error texts only a fault brings out.
 */

test('a file gone from the storage and a storage that refuses an upload are said plainly, with what to do', async ({ vault, token }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('vanished.pdf', 20_000, 'application/pdf')]);
  // The operator (or another browser) removes the object behind this page's back.
  const me = (await (await vault.page.request.get('/v1/me', { headers: { authorization: `Bearer ${token}` } })).json()) as { user: string };
  const s3 = s3Client();
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'coffer', Prefix: `users/${me.user}/files/` }));
  expect(listed.Contents).toHaveLength(1);
  await s3.send(new DeleteObjectCommand({ Bucket: 'coffer', Key: listed.Contents?.[0]?.Key ?? '' }));
  await vault.rowAction('vanished.pdf', 'Download');
  await expect(vault.page.getByRole('alert')).toHaveText(/^The file is no longer in the storage: it may have been deleted in another browser\./);
  await expectPlainWords(vault.page, 'download of a file gone from the storage');
  await vault.page.getByRole('button', { name: 'Dismiss' }).click();

  // Fault: the storage refuses every upload, as S3 does with a bucket policy that denies it.
  await vault.page.route('**/coffer/users/**', (route) =>
    route.request().method() === 'PUT'
      ? route.fulfill({ status: 403, contentType: 'application/xml', body: '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>' })
      : route.fallback(),
  );
  await vault.page.getByLabel('Upload files').setInputFiles([randomFile('refused.txt', 3000, 'text/plain')]);
  const upload = vault.page.getByLabel('Upload of refused.txt');
  await expect(upload.getByRole('alert')).toHaveText(/^The storage refused to store .*: retry, and if it keeps refusing, tell whoever runs your Coffer\.$/);
  await expect(upload.getByRole('button', { name: 'Retry refused.txt' })).toBeVisible();
  await expectPlainWords(vault.page, 'upload the storage refuses');
});

test('the share dialog and its result speak plainly, direct links included', async ({ vault }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('poster.png', 8000, 'image/png')]);
  const shares = new OwnerShares(vault);
  await vault.rowAction('poster.png', 'Share');
  const dialog = vault.page.getByRole('dialog', { name: 'Share poster.png' });
  await dialog.getByLabel('Direct link (not listed, cannot be revoked)').check();
  await expect(dialog.getByText('Coffer keeps no record of it')).toBeVisible();
  await expectPlainWords(vault.page, 'share dialog, direct link chosen');
  await dialog.getByRole('button', { name: 'Close' }).click();
  const made = await shares.create('poster.png', { expiry: '1 day', direct: true });
  await expectPlainWords(vault.page, 'direct link made');
  await made.getByRole('button', { name: 'Close' }).click();
  const stored = await shares.create('poster.png', { expiry: '1 day', maxDownloads: 2, password: 'magnet walrus pepper' });
  await expectPlainWords(vault.page, 'share link made');
  await stored.getByRole('button', { name: 'Close' }).click();
  await shares.open();
  await shares.revoke('poster.png');
  await expectPlainWords(vault.page, 'share list with a revoked link');
});
