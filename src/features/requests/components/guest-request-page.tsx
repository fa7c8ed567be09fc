import { useRef, useState } from 'react';
import { formatBytes } from '../../../components/ui/format-bytes';
import { ApiError } from '../../../transfer/api-client';
import type { NamedFile } from '../../../components/upload/collect-files';
import { DropZone } from '../../../components/upload/drop-zone';
import { UploadButton } from '../../../components/upload/upload-button';
import { useGuestRequest, useRequestRoom, type GuestRequest, type RequestRoom } from '../api/guest-request';
import { describeGuestError, largestFile, useGuestUploads } from '../api/guest-upload';
import { fileCapacity } from '../request-sizes';
import { GuestSelection, moreFiles, selectionProblem, type PickedFile } from './guest-selection';
import { GuestUploadList, Receipt } from './guest-uploads';
import './requests.css';

/** Whether the request still takes a file, and if not, why, in one plain sentence. */
type RoomState = { open: true; room: RequestRoom } | { open: false; why: string };

function roomState(room: ReturnType<typeof useRequestRoom>, request: GuestRequest): RoomState {
  // Only the endpoint's "no more" (410: closed or expired) closes the page; a failed read keeps what it said last.
  if (room.isError && room.error instanceof ApiError && room.error.status === 410) return { open: false, why: describeGuestError(room.error, request) };
  const { filesLeft, bytesLeft } = room.data;
  if (filesLeft <= 0) return { open: false, why: 'This request has all the files it takes: nothing more can be sent.' };
  if (fileCapacity(bytesLeft, 1) === 0) return { open: false, why: 'This request is full: there is no room left for another file.' };
  return { open: true, room: room.data };
}

/** Names the sentence about what is left, a live region: it changes after each file. */
const ROOM_LABEL = 'What this request still takes';

/** "Open until … · up to 1 more file, 4.2 MB in all." from what the endpoint says is left. */
function RoomLine({ request, state }: { request: GuestRequest; state: RoomState }) {
  const until = `Open until ${new Date(request.info.expiresAt).toLocaleString()}`;
  if (!state.open) {
    return (
      <p className="guest-room closed" role="status" aria-label={ROOM_LABEL}>
        {state.why}
      </p>
    );
  }
  const { filesLeft, bytesLeft } = state.room;
  return (
    <p className="guest-room" role="status" aria-label={ROOM_LABEL}>
      {until} · up to {moreFiles(filesLeft)}, {formatBytes(fileCapacity(bytesLeft, filesLeft))} in all.
    </p>
  );
}

function Uploads({ request }: { request: GuestRequest }) {
  const { items, add, cancel } = useGuestUploads(request);
  const room = useRequestRoom(request);
  const state = roomState(room, request);
  const [picked, setPicked] = useState<PickedFile[]>([]);
  const counter = useRef(0);
  const finished = items.filter((i) => i.status !== 'waiting' && i.status !== 'uploading');
  const pick = (files: NamedFile[]) => setPicked((all) => [...all, ...files.map((named) => ({ id: ++counter.current, named }))]);
  const problem = state.open ? selectionProblem(picked, state.room, largestFile(request)) : state.why;

  return (
    <DropZone onFiles={pick} disabled={!state.open} hint="Drop files or folders to add them">
      <RoomLine request={request} state={state} />
      <p>
        Owner’s key fingerprint: <code aria-label="Owner key fingerprint">{request.fingerprint}</code>. Ask the owner to read theirs out:
        they must match.
      </p>
      <div className="guest-pickers">
        <UploadButton onFiles={pick} disabled={!state.open} labels={{ files: 'Add files', folder: 'Add folder' }} />
        <p className="hint">
          {state.open
            ? 'Add files or folders (or drop them here), check them, then send. They are encrypted in this browser; only the owner can open them.'
            : 'Nothing more can be added.'}
        </p>
      </div>
      {picked.length > 0 && (
        <GuestSelection
          picked={picked}
          problem={problem}
          onRemove={(id) => setPicked((all) => all.filter((p) => p.id !== id))}
          onSend={() => {
            add(picked.map((p) => p.named));
            setPicked([]);
          }}
        />
      )}
      {items.length > 0 && <GuestUploadList items={items} onCancel={cancel} />}
      {items.length > 0 && finished.length === items.length && <Receipt items={items} />}
    </DropZone>
  );
}

/** The page a guest opens from a request link: check the link's key, then pick files, look them over and send them encrypted. */
export function GuestRequestPage({ id, fragment }: { id: string; fragment: string }) {
  const request = useGuestRequest(id, fragment);
  if (request.isPending) return <p role="status">Opening the request…</p>;
  if (request.isError) {
    return (
      <div className="card" role="alert">
        <h2>This link cannot take uploads</h2>
        <p className="error">{describeGuestError(request.error)}</p>
      </div>
    );
  }
  return (
    <section aria-labelledby="guest-title" className="guest">
      <h2 id="guest-title">{request.data.info.title}</h2>
      <Uploads request={request.data} />
    </section>
  );
}
