/** A main-thread handle on the file-request worker (src/transfer/inbox.worker.ts). */
import * as Comlink from 'comlink';
import type { InboxWorkerApi } from './inbox.worker';
import { registerWorkerErrors } from './worker-errors';

// Errors thrown in the worker arrive as their own classes (FormatError with its code...).
registerWorkerErrors();

/** A running file-request worker; `terminate()` drops it and any key it held. */
export interface InboxWorker {
  api: Comlink.Remote<InboxWorkerApi>;
  terminate(): void;
}

/** Starts a file-request worker. */
export function startInboxWorker(): InboxWorker {
  const worker = new Worker(new URL('./inbox.worker.ts', import.meta.url), { type: 'module', name: 'coffer-inbox' });
  return { api: Comlink.wrap<InboxWorkerApi>(worker), terminate: () => worker.terminate() };
}

/** Runs one task in a short-lived file-request worker. */
export async function withInboxWorker<T>(run: (api: Comlink.Remote<InboxWorkerApi>) => Promise<T>): Promise<T> {
  const worker = startInboxWorker();
  try {
    return await run(worker.api);
  } finally {
    worker.terminate();
  }
}
