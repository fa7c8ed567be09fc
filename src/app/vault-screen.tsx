import { useEffect } from 'react';
import { FolderHistoryProvider } from '../features/files/folder-history';
import { UploadQueueProvider } from '../features/upload/upload-context';
import { FileRequests } from '../features/requests/components/file-requests';
import { useRecipientKey } from '../features/requests/api/recipient-key';
import { KeyRotationProvider } from '../features/settings/key-rotation';
import { SettingsScreen } from '../features/settings/components/settings-screen';
import { RollbackWarning } from '../features/unlock/components/rollback-warning';
import { FilesScreen } from './files-screen';
import { SECTIONS, type Section } from './router';
import { SharesScreen } from './shares-screen';

/**
 * Moves the keyboard focus to the section's heading when the vault opens (the unlock or create form that had it is
 * gone) and after each navigation, so keyboard and screen-reader users land where the content changed; and names the
 * section in the window title.
 */
function useSectionFocus(section: Section) {
  useEffect(() => {
    document.title = `${SECTIONS.find((s) => s.id === section)?.label ?? 'Files'} – Coffer`;
    const heading = document.querySelector<HTMLElement>('main h2');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }, [section]);
}

/**
 * The unlocked vault: the section the address names. The upload queue lives above the sections, so uploads go on
 * while the user looks elsewhere; so does a key rotation, and the folders of the history entries, so Back returns to
 * the folder left. A warning about rolled-back settings shows above every section until closed.
 */
export function VaultScreen({ section }: { section: Section }) {
  // Gives a vault made before file requests its request key pair right after unlock, whatever section opens first.
  useRecipientKey();
  useSectionFocus(section);
  return (
    <UploadQueueProvider>
      <KeyRotationProvider>
        <FolderHistoryProvider>
          <RollbackWarning />
          {section === 'files' && <FilesScreen />}
          {section === 'shares' && <SharesScreen />}
          {section === 'requests' && <FileRequests />}
          {section === 'settings' && <SettingsScreen />}
        </FolderHistoryProvider>
      </KeyRotationProvider>
    </UploadQueueProvider>
  );
}
