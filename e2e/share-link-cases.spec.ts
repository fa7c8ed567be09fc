import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { expect, newPassphrase, randomFile, s3Client, test } from './fixtures';
import { OwnerShares, RecipientPage } from './pages/share-pages';
import { expectPlainWords } from './plain-words';

/**
 * What a recipient reads when a link does not work: one message per case (changed or cut, no such link, expired, used
 * up, revoked, the file gone, the storage or Coffer out of reach), in plain words, and never the link's "works until"
 * line beside it (that line is for a link that works).
 */

const CHANGED = 'This link is incomplete or was changed (cut off when copied?), so it cannot open the file: ask whoever sent it for the whole link again.';
const NO_SUCH_LINK = 'There is no such link: it may be incomplete or changed, or it ended more than 7 days ago.';

function shareId(link: string): string {
  return new URL(link).pathname.split('/')[2] ?? '';
}

/** The link with its fragment changed: `change` gets the text after '#'. */
function withFragment(link: string, change: (fragment: string) => string): string {
  const at = link.indexOf('#');
  return `${link.slice(0, at)}#${change(link.slice(at + 1))}`;
}

/** One character of `text` at `at` replaced by another base64url character. */
function flip(text: string, at: number): string {
  return `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
}

/** Opens `link` as a recipient and checks the page says `message` alone: no file, no "works until", plain words. */
async function expectOnly(recipient: RecipientPage, message: string | RegExp, where: string): Promise<void> {
  await expect(recipient.alert()).toHaveText(message);
  await expect(recipient.alert()).toHaveCount(1);
  await expect(recipient.page.getByText(/works until/i)).toHaveCount(0);
  await expect(recipient.page.getByRole('button', { name: 'Download' })).toHaveCount(0);
  await expectPlainWords(recipient.page, where);
}

test('a link cut short or changed says so, whichever part was changed; a made-up id is no such link', async ({ vault, browser }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('plans.pdf', 40_000, 'application/pdf')]);
  const link = await new OwnerShares(vault).share('plans.pdf', { expiry: '1 day' });
  const cases: [string, string, string][] = [
    ['the key cut in half', withFragment(link, (f) => f.slice(0, 25)), CHANGED],
    ['no key part at all', link.slice(0, link.indexOf('#')), CHANGED],
    // Same length, still valid base64url: only the header's authentication can tell, once the file was fetched.
    ['one character of the key changed', withFragment(link, (f) => flip(f, 10)), CHANGED],
    ['the file name part changed', withFragment(link, (f) => flip(f, f.length - 3)), CHANGED],
    ['the id changed', link.replace(shareId(link), flip(shareId(link), 5)), NO_SUCH_LINK],
  ];
  for (const [what, changed, message] of cases) {
    const recipient = await RecipientPage.open(browser, changed);
    await test.step(what, () => expectOnly(recipient, message, what));
    await recipient.close();
  }
  const intact = await RecipientPage.open(browser, link);
  await expect(intact.fileHeading('plans.pdf')).toBeVisible();
  await intact.close();
});

test('an expired, a used-up and a revoked link each say what happened and when, and nothing else', async ({ vault, browser }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('a.txt', 1000, 'text/plain'), randomFile('b.txt', 1000, 'text/plain'), randomFile('c.txt', 1000, 'text/plain')]);
  const shares = new OwnerShares(vault);
  const expiring = await shares.share('a.txt', { expiry: '1 day' });
  const once = await shares.share('b.txt', { expiry: '1 day', maxDownloads: 1 });
  const revoked = await shares.share('c.txt', { expiry: '1 day' });

  // Time cannot pass in a test: the operator moves the record's expiry into the past, as time would.
  const s3 = s3Client();
  const key = `shares/${shareId(expiring)}.json`;
  const stored = await s3.send(new GetObjectCommand({ Bucket: 'coffer', Key: key }));
  const record = JSON.parse((await stored.Body?.transformToString()) ?? '{}') as { expiresAt: string };
  record.expiresAt = new Date(Date.now() - 60_000).toISOString();
  await s3.send(new PutObjectCommand({ Bucket: 'coffer', Key: key, Body: JSON.stringify(record), ContentType: 'application/json' }));
  const late = await RecipientPage.open(browser, expiring);
  await expectOnly(late, /^This link has expired: it stopped working on .*\d.*\.$/, 'expired link');
  await late.close();

  const first = await RecipientPage.open(browser, once);
  await expect(first.fileHeading('b.txt')).toBeVisible();
  await expect(first.page.getByText('This link works until')).toContainText('1 more download allowed');
  await first.download();
  await first.page.reload();
  await expectOnly(first, /^This link has been used up: its last allowed download started on .*\d.*\.$/, 'used-up link');
  await first.close();

  await shares.open();
  await shares.revoke('c.txt');
  const gone = await RecipientPage.open(browser, revoked);
  await expectOnly(gone, /^The owner revoked this link on .*\d.*: it no longer works\.$/, 'revoked link');
  await gone.close();
});

test("a link to a file the owner deleted, or whose storage or Coffer cannot be reached, says so in plain words", async ({ vault, browser }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('kept.txt', 1000, 'text/plain'), randomFile('deleted.txt', 1000, 'text/plain')]);
  const shares = new OwnerShares(vault);
  const kept = await shares.share('kept.txt', { expiry: '1 day' });
  const deleted = await shares.share('deleted.txt', { expiry: '1 day' });
  await vault.delete('deleted.txt');

  // The share still works, but the storage has no object for it any more (S3 answers 404 NoSuchKey).
  const orphan = await RecipientPage.open(browser, deleted);
  await expectOnly(orphan, 'The shared file is no longer there: its owner may have deleted it.', 'file deleted');
  await orphan.close();

  // Faults: the storage, then Coffer itself, refuses the connection.
  const storageDown = await RecipientPage.open(browser, kept, (context) => context.route('**/coffer/users/**', (route) => route.abort('connectionrefused')));
  await expectOnly(storageDown, "The file's storage cannot be reached right now: check your connection, then reload this page.", 'storage unreachable');
  await storageDown.close();
  const cofferDown = await RecipientPage.open(browser, kept, (context) => context.route('**/v1/public/shares/**', (route) => route.abort('connectionrefused')));
  await expectOnly(cofferDown, 'Coffer cannot be reached right now: check your connection, then reload this page.', 'Coffer unreachable');
  await cofferDown.close();

  const fine = await RecipientPage.open(browser, kept);
  await expect(fine.fileHeading('kept.txt')).toBeVisible();
  await expect(fine.page.getByText('This link works until')).toBeVisible();
  await fine.close();
});
