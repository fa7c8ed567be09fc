/**
 * The parts of one multipart upload sent PARTS_IN_FLIGHT at a time: each lane takes the next part from the queue
 * until it is empty; the first part that fails for good stops the others.
 */

/** Parts in flight at once, as Uppy. Measured here: encrypted upload took 1.21x plain with 6 (512 MiB), 1.54x with 4 (1 GiB). */
export const PARTS_IN_FLIGHT = 6;

/**
 * Sends every part of `queue` (taken from its front, so the caller can see what is left) with `send`, PARTS_IN_FLIGHT
 * at a time. `send` gets a signal that aborts with `signal` or once any part failed. Every lane has stopped before
 * this settles, so nothing of this run is still writing after it; it rejects with the abort reason or the first failure.
 */
export async function sendInLanes(queue: number[], signal: AbortSignal, send: (partNumber: number, signal: AbortSignal) => Promise<void>): Promise<void> {
  const failed = new AbortController();
  const either = AbortSignal.any([signal, failed.signal]);
  const lane = async () => {
    for (let next = queue.shift(); next !== undefined && !either.aborted; next = queue.shift()) await send(next, either);
  };
  const lanes = await Promise.allSettled(
    Array.from({ length: Math.min(PARTS_IN_FLIGHT, queue.length) }, () =>
      lane().catch((error: unknown) => {
        failed.abort(error);
        throw error;
      }),
    ),
  );
  signal.throwIfAborted();
  for (const outcome of lanes) if (outcome.status === 'rejected') throw outcome.reason;
}
