/** Streaming file I/O for the CLI: constant memory, and outputs that appear only when complete. */
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CliError, failureReason } from './cli-error';

/** A pull-based web stream over a Node async iterable: it reads only as fast as the consumer takes. */
function pullFrom(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await iterator.next();
        if (next.done === true) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

/** An input file (or stdin for '-') as a stream of 1 MiB reads. */
export function readInput(path: string): ReadableStream<Uint8Array> {
  return pullFrom(path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1 << 20 }));
}

/** Size and modification time of an input file, with a readable error. */
export async function inputStat(path: string): Promise<{ size: number; modified: number }> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new CliError(`${path}: not a regular file`);
    return { size: s.size, modified: Math.floor(s.mtimeMs) };
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot read ${path}: ${failureReason(e)}`);
  }
}

/** Copies stdin to a private temporary file (encryption needs the size up front); the caller removes it. */
export async function spoolStdin(): Promise<string> {
  const path = join(tmpdir(), `coffer-stdin-${randomBytes(8).toString('hex')}`);
  await writeTo(path, readInput('-'));
  return path;
}

async function writeTo(path: string, source: ReadableStream<Uint8Array>): Promise<void> {
  const file = await open(path, 'wx', 0o600);
  try {
    await source.pipeTo(new WritableStream<Uint8Array>({ write: async (chunk) => { await file.write(chunk); } }));
    await file.sync();
  } finally {
    await file.close();
  }
}

/** stdout as a web stream that waits for the pipe to drain. */
function stdoutSink(): WritableStream<Uint8Array> {
  return new WritableStream<Uint8Array>({
    write: (chunk) => new Promise<void>((resolve, reject) => process.stdout.write(chunk, (e) => (e ? reject(e) : resolve()))),
  });
}

/**
 * Runs `produce` into `out`. For a path it writes a temporary file beside it and renames it into place only
 * after `produce` succeeded, so a failure (or Ctrl-C) never leaves a partial output. '-' streams to stdout.
 */
export async function writeOutput(out: string, force: boolean, produce: (sink: WritableStream<Uint8Array>) => Promise<void>): Promise<void> {
  if (out === '-') return produce(stdoutSink());
  const exists = await stat(out).then(() => true, () => false);
  if (exists && !force) throw new CliError(`${out} exists; use --force to replace it`);
  const temp = join(dirname(out), `.${basename(out)}.coffer-${randomBytes(6).toString('hex')}.tmp`);
  const file = await open(temp, 'wx', 0o600).catch((e: unknown) => {
    throw new CliError(`cannot write ${out}: ${failureReason(e)}`);
  });
  const interrupted = (): void => {
    void rm(temp, { force: true }).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let closed = false;
  try {
    await produce(new WritableStream<Uint8Array>({ write: async (chunk) => { await file.write(chunk); } }));
    await file.sync();
    await file.close();
    closed = true;
    await rename(temp, out);
  } catch (e) {
    if (!closed) await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw e;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}

/** Pipes `input` through a transform into `sink`, and reports the first meaningful error of either side. */
export async function pipeThrough(
  input: ReadableStream<Uint8Array>,
  transform: { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> },
  sink: WritableStream<Uint8Array>,
): Promise<void> {
  const results = await Promise.allSettled([input.pipeTo(transform.writable), transform.readable.pipeTo(sink)]);
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  const first = errors.find((e) => e instanceof Error && e.name === 'FormatError') ?? errors[0];
  if (errors.length > 0) throw first;
}
