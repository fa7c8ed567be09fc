import { UploadQueueProvider } from '../features/upload/upload-context';
import { FileRequests } from '../features/requests/components/file-requests';
import { FilesScreen } from './files-screen';

/** The unlocked vault: upload (files, folders, drops), list, download, delete. */
export function VaultScreen() {
  return (
    <section aria-labelledby="vault-title">
      <UploadQueueProvider>
        <FilesScreen />
        <FileRequests />
      </UploadQueueProvider>
    </section>
  );
}
