/**
 * Carries a started key rotation to its end (format SPEC section 6.2): the recipient key pair re-sealed for the new
 * master key, every file under the previous key copied under a re-wrapped header (transfer/rewrapped-copy.ts: the
 * payload streams through the browser unchanged, never decrypted) to a new key with its name re-sealed, the copy
 * replacing the original (`POST /v1/objects/replace`: share links follow), then the previous key dropped from the
 * settings object. Each pass plans from what the bucket holds (rotation-plan.ts), so a run stopped anywhere is
 * finished by the next one; it passes again until a pass finds nothing to do, which catches files stored meanwhile.
 */
import { encryptedSize, FILE_KEY_PREFIX, fileObjectKey, fileObjectParts, isFormatError } from '../../../format';
import { KEYPAIR_KEY } from '../../../protocol';
import type { ApiClient } from '../../../transfer/api-client';
import { getObjectWithEtag, putObject, replaceObjectIfUnchanged } from '../../../transfer/objects';
import { readStoredHeader } from '../../../transfer/read-header';
import { copyWithNewHeader } from '../../../transfer/rewrapped-copy';
import { withRotationWorker, type RotationWorker } from '../../../transfer/rotation-worker-handle';
import type { RotationKeys } from '../../../transfer/rotation.worker';
import { dropStalePasskeys } from '../../passkeys/api/drop-stale-passkeys';
import { VAULT_SETTINGS_KEY } from '../../../session/vault-settings';
import { planRotation, type ClassifiedObject, type RotationStep } from './rotation-plan';
import { replaceSettings, RotationError } from './rotate-vault-key';

/** Headers read at once while checking which key opens each file. */
const CHECKS_IN_FLIGHT = 8;
/** Passes before giving up on a vault that keeps receiving files under the previous key. */
const MAX_PASSES = 5;

/** Where a run is. */
export interface RotationProgress {
  phase: 'checking' | 'copying' | 'finishing';
  /** Files re-wrapped in this pass, of those to re-wrap. */
  filesDone: number;
  filesTotal: number;
  /** Bytes copied in this pass, of those to copy. */
  bytesDone: number;
  bytesTotal: number;
}

/** What a run came to. */
export interface RotationOutcome {
  /** The previous key is gone from the settings object. */
  finished: boolean;
  /** The settings object as the run left it (to keep in the cache for export and unlock). */
  settings?: Uint8Array<ArrayBuffer>;
  /** Files that no key opens (left untouched; they do not hold the rotation up). */
  unreadable: string[];
  /** Files under the previous key that could not be re-wrapped: the rotation stays unfinished while they exist. */
  failed: { key: string; reason: string }[];
  /** The names of the passkeys this run removed (they held the previous key): to be registered again. */
  passkeysRemoved: string[];
}

/** What a run needs. */
export interface RotationRun {
  api: ApiClient;
  keys: RotationKeys;
  signal: AbortSignal;
  onProgress(progress: RotationProgress): void;
  /** `from` was replaced by `to` (the file list shows `to` from now on). */
  onReplaced(from: string, to: string): void;
  /** Resolves once nothing of this session is being stored under the previous key (uploads started before the rotation). */
  settled(): Promise<void>;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}


/** The key pair sealed for the new key, where it is not yet: conditional write, read back, checked. */
async function resealKeyPair(run: RotationRun, worker: RotationWorker['api']): Promise<void> {
  const stored = await getObjectWithEtag(run.api, KEYPAIR_KEY, run.signal);
  if (!stored) return; // a vault without file requests yet: its pair will be made for the new key
  const resealed = await worker.resealKeyPair(stored.bytes, run.keys);
  if (!resealed) return;
  const body = new Blob([resealed as Uint8Array<ArrayBuffer>]);
  const outcome = stored.etag === null ? (await putObject(run.api, KEYPAIR_KEY, body, run.signal), 'ok') : await replaceObjectIfUnchanged(run.api, KEYPAIR_KEY, body, stored.etag);
  const now = await getObjectWithEtag(run.api, KEYPAIR_KEY, run.signal);
  if (outcome === 'conflict' || !now || !(await worker.keyPairOpens(now.bytes, run.keys.masterKey))) {
    throw new RotationError('The file-request key pair changed while it was being re-sealed (another browser?): the rotation stopped and goes on at the next unlock.');
  }
}

async function classify(run: RotationRun, worker: RotationWorker['api']): Promise<ClassifiedObject[]> {
  const objects = await run.api.listAllObjects(FILE_KEY_PREFIX);
  return mapLimited(objects, CHECKS_IN_FLIGHT, async (object) => {
    let header: Uint8Array | undefined;
    try {
      header = await readStoredHeader(run.api, object.key, run.signal);
    } catch (error) {
      // Not a Coffer object at all: no key opens it. Anything else (the network) stops the run.
      if (!isFormatError(error)) throw error;
    }
    const opensWith = header ? await worker.headerKey(header, run.keys) : 'none';
    return { key: object.key, size: object.size, uploaded: object.lastModified, opensWith };
  });
}

/**
 * One step. A file whose content forbids it (changed since it was checked, or stored at another size than its header
 * says) is a failure of its own; a failure to reach the storage stops the run (it throws).
 */
async function execute(run: RotationRun, worker: RotationWorker['api'], step: RotationStep, copied: (bytes: number) => void): Promise<string | undefined> {
  if (step.kind === 'replace') {
    await run.api.replaceObject({ from: step.from, to: step.to });
    run.onReplaced(step.from, step.to);
    return undefined;
  }
  const { object } = step;
  const header = await readStoredHeader(run.api, object.key, run.signal);
  const { id } = fileObjectParts(object.key);
  let rewrapped: Awaited<ReturnType<typeof worker.rewrapFile>>;
  try {
    rewrapped = await worker.rewrapFile(header, run.keys, object.key, id);
  } catch (error) {
    return `its header no longer opens with the previous key (${error instanceof Error ? error.message : String(error)})`;
  }
  // The payload is copied unread: a cut or padded object would be copied cut or padded, so it is left as it is.
  if (encryptedSize(rewrapped.size, rewrapped.oldHeaderLength) !== object.size) return 'its stored size does not match its header (incomplete or changed in storage)';
  const to = fileObjectKey(id, rewrapped.token);
  let before = 0;
  await copyWithNewHeader({
    api: run.api,
    from: object.key,
    fromSize: object.size,
    oldHeaderLength: rewrapped.oldHeaderLength,
    header: rewrapped.header,
    to,
    signal: run.signal,
    onProgress: (stored) => {
      copied(stored - before);
      before = stored;
    },
  });
  for (const from of [object.key, ...step.others]) {
    await run.api.replaceObject({ from, to });
    run.onReplaced(from, to);
  }
  return undefined;
}

/** Drops the previous key from the settings object, if it is still this rotation's. */
async function finish(run: RotationRun, worker: RotationWorker['api']): Promise<Uint8Array<ArrayBuffer>> {
  const current = await getObjectWithEtag(run.api, VAULT_SETTINGS_KEY, run.signal);
  if (!current) throw new RotationError('The vault settings object is missing from the storage: the rotation cannot finish.');
  const state = await worker.settingsState(current.bytes, run.keys.masterKey);
  if (state === 'current') return current.bytes; // finished meanwhile (another browser)
  if (state !== 'rotating') throw new RotationError('The vault settings in the storage are not this vault key’s any more (changed in another browser?): lock and unlock.');
  const finished = new Uint8Array(await worker.finishSettings(current.bytes, run.keys.masterKey));
  await replaceSettings(run.api, current, finished);
  return finished;
}

/** Runs a rotation to its end, or until a file cannot be re-wrapped, the storage cannot be reached, or `signal`. */
export function runRotation(run: RotationRun): Promise<RotationOutcome> {
  return withRotationWorker(async (worker) => {
    const passkeysRemoved: string[] = [];
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      await run.settled();
      run.onProgress({ phase: 'checking', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 });
      await resealKeyPair(run, worker);
      // Before the files: from here on no object in storage wraps the previous key but the settings (SPEC 6.2).
      passkeysRemoved.push(...(await dropStalePasskeys(run.api, run.keys, run.signal)));
      const plan = planRotation(await classify(run, worker));
      const unreadable = plan.unreadable.map((object) => object.key);
      if (plan.steps.length === 0) {
        run.onProgress({ phase: 'finishing', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 });
        return { finished: true, settings: await finish(run, worker), unreadable, failed: [], passkeysRemoved };
      }
      const rewraps = plan.steps.filter((step) => step.kind === 'rewrap');
      const progress: RotationProgress = {
        phase: 'copying',
        filesDone: 0,
        filesTotal: rewraps.length,
        bytesDone: 0,
        bytesTotal: rewraps.reduce((sum, step) => sum + step.object.size, 0),
      };
      run.onProgress({ ...progress });
      const failed: RotationOutcome['failed'] = [];
      for (const step of plan.steps) {
        run.signal.throwIfAborted();
        const reason = await execute(run, worker, step, (bytes) => {
          progress.bytesDone += bytes;
          run.onProgress({ ...progress });
        });
        if (reason !== undefined && step.kind === 'rewrap') failed.push({ key: step.object.key, reason });
        if (step.kind === 'rewrap') progress.filesDone++;
        run.onProgress({ ...progress });
      }
      if (failed.length > 0) return { finished: false, unreadable, failed, passkeysRemoved };
    }
    throw new RotationError('Files under the old key kept arriving (uploads from another browser?): the rotation stopped and goes on at the next unlock.');
  });
}
