import { useState } from 'react';
import type { CreateRequest } from '../../../protocol';
import { useCloseRequest } from '../api/close-request';
import { useCreateRequest } from '../api/create-request';
import { useRequests } from '../api/list-requests';
import { useRecipientKey } from '../api/recipient-key';
import { CreateRequestForm } from './create-request-form';
import { RequestRow } from './request-row';
import './requests.css';

/**
 * The owner's file requests: upload-only links whose uploads only this vault can open. Mounting it (right after
 * unlock) also gives a vault made before file requests its key pair.
 */
export function FileRequests() {
  const key = useRecipientKey();
  const requests = useRequests();
  const create = useCreateRequest();
  const close = useCloseRequest();
  // The request just made: its card is scrolled to and focused once the list shows it.
  const [created, setCreated] = useState<string | null>(null);
  const problem = create.error?.message ?? close.error?.message;

  async function createRequest(request: CreateRequest) {
    const made = await create.mutateAsync(request);
    setCreated(made.id);
  }

  return (
    <section aria-labelledby="requests-title" className="requests">
      <h2 id="requests-title">File requests</h2>
      <p>Anyone with a request link can send you files; only your vault can open them.</p>
      {key.isPending && <p role="status">Preparing your vault’s request key…</p>}
      {key.isError && (
        <p role="alert" className="error">
          Could not prepare your vault’s request key: {key.error.message}
        </p>
      )}
      {key.data && <CreateRequestForm publicKey={key.data.publicKey} busy={create.isPending} onCreate={createRequest} />}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {requests.isError && (
        <p role="alert" className="error">
          Could not list your requests: {requests.error.message}
        </p>
      )}
      {key.data && requests.data && requests.data.length > 0 && (
        <ul className="request-list" aria-label="Your file requests">
          {requests.data.map((request) => (
            <RequestRow
              key={request.id}
              request={request}
              recipientKey={key.data}
              justCreated={request.id === created}
              onClose={() => close.mutate(request.id)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
