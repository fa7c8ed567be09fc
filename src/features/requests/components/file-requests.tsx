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
  const problem = create.error?.message ?? close.error?.message;
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
      {key.data && <CreateRequestForm publicKey={key.data.publicKey} busy={create.isPending} onCreate={(r) => create.mutate(r)} />}
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
            <RequestRow key={request.id} request={request} recipientKey={key.data} onClose={() => close.mutate(request.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}
