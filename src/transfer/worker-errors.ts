/**
 * Typed errors across the worker boundary. Comlink's own handler for thrown values sends an Error as its message,
 * name and stack and rebuilds a plain Error: a FormatError's `code`, an ApiError's `status` and `code` and a
 * TransferHttpError's `status` and S3 code were lost, and callers were left to guess the kind of failure from the
 * message. This replaces that one handler (Comlink's "throw" entry) with one that sends these three classes with
 * their fields and rebuilds them as the same classes; any other thrown value goes through Comlink's own handler.
 * Both sides must register it: a worker to send, the page to rebuild.
 */
import * as Comlink from 'comlink';
import { FormatError, type FormatErrorCode } from '../format';
import { ApiError } from './api-error';
import { TransferHttpError } from './retry';

/** A typed error as it crosses postMessage (structured clone keeps plain data only). */
export type SerializedError =
  | { kind: 'FormatError'; code: FormatErrorCode; message: string; stack?: string | undefined }
  | { kind: 'ApiError'; status: number; code: string; message: string; retryAfter?: number | undefined; stack?: string | undefined }
  | {
      kind: 'TransferHttpError';
      status: number;
      s3Code?: string | undefined;
      s3Message?: string | undefined;
      message: string;
      retryAfter?: number | undefined;
      stack?: string | undefined;
    };

/** The plain data of a FormatError, ApiError or TransferHttpError; undefined for anything else. */
export function serializeError(error: unknown): SerializedError | undefined {
  if (error instanceof FormatError) return { kind: 'FormatError', code: error.code, message: error.message, stack: error.stack };
  if (error instanceof ApiError) {
    return { kind: 'ApiError', status: error.status, code: error.code, message: error.message, retryAfter: error.retryAfter, stack: error.stack };
  }
  if (error instanceof TransferHttpError) {
    return {
      kind: 'TransferHttpError',
      status: error.status,
      s3Code: error.s3Code,
      s3Message: error.s3Message,
      message: error.message,
      retryAfter: error.retryAfter,
      stack: error.stack,
    };
  }
  return undefined;
}

/** The error `serializeError` described, as an instance of its own class again (same fields, same message). */
export function rebuildError(serialized: SerializedError): Error {
  let error: Error;
  switch (serialized.kind) {
    case 'FormatError':
      error = new FormatError(serialized.code);
      break;
    case 'ApiError':
      error = new ApiError(serialized.status, serialized.code, serialized.message, serialized.retryAfter);
      break;
    case 'TransferHttpError':
      error = new TransferHttpError(serialized.status, serialized.s3Code, serialized.message, serialized.retryAfter, serialized.s3Message);
      break;
  }
  error.message = serialized.message;
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  return error;
}

/** What the replaced handler sends for a typed error. */
interface TypedThrow {
  coffer: SerializedError;
}

function isTypedThrow(value: unknown): value is TypedThrow {
  return typeof value === 'object' && value !== null && 'coffer' in value;
}

let registered = false;

/**
 * Makes Comlink carry FormatError, ApiError and TransferHttpError thrown on one side as the same classes on the
 * other. Call it in every worker and on the page before the first call; calling it again does nothing.
 */
export function registerWorkerErrors(): void {
  if (registered) return;
  const comlinks = Comlink.transferHandlers.get('throw');
  if (comlinks === undefined) throw new Error('transfer: internal error: Comlink has no "throw" transfer handler');
  registered = true;
  Comlink.transferHandlers.set('throw', {
    canHandle: (value: unknown): value is unknown => comlinks.canHandle(value),
    serialize(thrown: unknown): [unknown, Transferable[]] {
      // Comlink hands this handler `{ value: <what was thrown> }` (plus its own marker).
      const serialized = serializeError((thrown as { value?: unknown }).value);
      return serialized === undefined ? comlinks.serialize(thrown) : [{ coffer: serialized } satisfies TypedThrow, []];
    },
    deserialize(wire: unknown): unknown {
      if (isTypedThrow(wire)) throw rebuildError(wire.coffer);
      return comlinks.deserialize(wire);
    },
  });
}
