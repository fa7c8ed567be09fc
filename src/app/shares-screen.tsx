import { useFiles } from '../session/files/list-files';
import { SharesSection } from '../features/share/components/shares-section';

/** The owner's share links, named after the files they share (names are decrypted here, in the browser). */
export function SharesScreen() {
  const files = useFiles();
  const nameOf = (key: string) => {
    const file = files.data?.find((f) => f.key === key);
    return file?.readable ? file.metadata.name : undefined;
  };
  return <SharesSection nameOf={nameOf} />;
}
