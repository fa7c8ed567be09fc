import { formatBytes } from '../../../components/ui/format-bytes';
import type { NamedFile } from '../../../components/upload/collect-files';
import type { RequestRoom } from '../api/guest-request';
import { fileCapacity } from '../request-sizes';

/** A file the guest picked and has not sent yet. */
export interface PickedFile {
  id: number;
  named: NamedFile;
}

/** "1 more file", "3 more files". */
export function moreFiles(count: number): string {
  return `${count} more ${count === 1 ? 'file' : 'files'}`;
}

/** "1 file", "3 files". */
export function filesWord(count: number): string {
  return `${count} ${count === 1 ? 'file' : 'files'}`;
}

/** Why the picked files cannot go as they are, or null when they fit what is left of the request. */
export function selectionProblem(picked: readonly PickedFile[], room: RequestRoom, largestFile: number): string | null {
  const tooLarge = picked.find((p) => p.named.file.size > largestFile);
  if (tooLarge) return `${tooLarge.named.name} is too large: a file sent here may be at most ${formatBytes(largestFile)}. Remove it to send the others.`;
  if (picked.length > room.filesLeft) {
    const extra = picked.length - room.filesLeft;
    return `This request takes ${moreFiles(room.filesLeft)}: remove ${extra} of these before sending.`;
  }
  const total = picked.reduce((sum, p) => sum + p.named.file.size, 0);
  // The same room the page states ("… in all"), so that a message never names another number.
  const fits = fileCapacity(room.bytesLeft, room.filesLeft);
  if (total > fits) return `These files come to ${formatBytes(total)}, and the request takes up to ${formatBytes(fits)} more: remove some before sending.`;
  return null;
}

interface GuestSelectionProps {
  picked: readonly PickedFile[];
  /** Why they cannot be sent as they are (selectionProblem), or null. */
  problem: string | null;
  onRemove(id: number): void;
  onSend(): void;
}

/** The files a guest picked, to look over before sending: each can be taken out again. */
export function GuestSelection({ picked, problem, onRemove, onSend }: GuestSelectionProps) {
  const total = picked.reduce((sum, p) => sum + p.named.file.size, 0);
  return (
    <section className="guest-picked" aria-labelledby="guest-picked-title">
      <h3 id="guest-picked-title">
        Ready to send: {filesWord(picked.length)}, {formatBytes(total)}
      </h3>
      <ul className="guest-list" aria-label="Files to send">
        {picked.map(({ id, named }) => (
          <li key={id} aria-label={named.name}>
            <span className="guest-name">{named.name}</span>
            <span className="guest-size">{formatBytes(named.file.size)}</span>
            <span className="guest-actions">
              <button type="button" className="quiet" onClick={() => onRemove(id)}>
                Remove <span className="visually-hidden">{named.name}</span>
              </button>
            </span>
          </li>
        ))}
      </ul>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="guest-send">
        <button type="button" disabled={problem !== null} onClick={onSend}>
          Send {filesWord(picked.length)}
        </button>
      </div>
    </section>
  );
}
