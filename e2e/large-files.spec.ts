import { bigFile, MiB, sha256Of } from './big-file';
import { expect, newPassphrase, test } from './fixtures';

test.describe('large files', () => {
  test.setTimeout(240_000);

  test('a 300 MiB file uploads in parts and downloads to disk byte-identical', async ({ vault }) => {
    await vault.createVault(newPassphrase());
    const file = await bigFile('disk image.iso', 300 * MiB + 12_345);
    const partPuts: string[] = [];
    vault.page.on('request', (request) => {
      if (request.method() === 'PUT' && new URL(request.url()).searchParams.has('partNumber')) partPuts.push(request.url());
    });
    await vault.page.getByLabel('Upload files').setInputFiles(file.path);
    await expect(vault.row('disk image.iso')).toBeVisible({ timeout: 180_000 });
    expect(partPuts.length).toBeGreaterThanOrEqual(60);
    await expect(vault.row('disk image.iso')).toContainText('315 MB');

    const download = await vault.download('disk image.iso');
    expect(download.suggestedFilename()).toBe('disk image.iso');
    expect(await download.failure()).toBeNull();
    expect(await sha256Of(await download.path())).toBe(file.sha256);
  });
});
