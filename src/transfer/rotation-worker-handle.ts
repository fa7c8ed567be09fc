/** A main-thread handle on the key-rotation worker (src/transfer/rotation.worker.ts). */
import * as Comlink from 'comlink';
import type { RotationWorkerApi } from './rotation.worker';

/** A running key-rotation worker; `terminate()` drops it and any key it held. */
export interface RotationWorker {
  api: Comlink.Remote<RotationWorkerApi>;
  terminate(): void;
}

/** Starts a key-rotation worker. */
export function startRotationWorker(): RotationWorker {
  const worker = new Worker(new URL('./rotation.worker.ts', import.meta.url), { type: 'module', name: 'coffer-rotation' });
  return { api: Comlink.wrap<RotationWorkerApi>(worker), terminate: () => worker.terminate() };
}

/** Runs one task in a short-lived key-rotation worker. */
export async function withRotationWorker<T>(run: (api: Comlink.Remote<RotationWorkerApi>) => Promise<T>): Promise<T> {
  const worker = startRotationWorker();
  try {
    return await run(worker.api);
  } finally {
    worker.terminate();
  }
}
