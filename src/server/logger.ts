/** One structured log record. Never put tokens, key material or signed URLs in one. */
export type LogRecord = Record<string, string | number | boolean | undefined>;

/** Where the endpoint writes its logs. */
export interface Logger {
  info(record: LogRecord): void;
  error(record: LogRecord): void;
}

/** Flush buffered log lines once this many characters wait, or after FLUSH_MS. */
const FLUSH_CHARS = 16_384;
const FLUSH_MS = 50;

/** Writes each line to stdout at once (for AWS Lambda, which freezes the process between requests). */
export const immediateStdout = (line: string): void => {
  process.stdout.write(line);
};

let sharedBufferedStdout: ((line: string) => void) | undefined;

/**
 * A writer to stdout that batches lines: one write per request costs a system call each, a
 * tenth of the endpoint's time per request. Lines wait at most 50 ms, and are flushed on exit.
 * One buffer is shared by every logger of the process.
 */
export function bufferedStdout(): (line: string) => void {
  sharedBufferedStdout ??= createBufferedStdout();
  return sharedBufferedStdout;
}

function createBufferedStdout(): (line: string) => void {
  let pending = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending === '') return;
    process.stdout.write(pending);
    pending = '';
  };
  process.once('exit', flush);
  return (line) => {
    pending += line;
    if (pending.length >= FLUSH_CHARS) flush();
    else timer ??= setTimeout(flush, FLUSH_MS).unref();
  };
}

/** A logger writing one JSON object per line, with time and level, to `write` (batched stdout by default). */
export function createJsonLogger(write: (line: string) => void = bufferedStdout()): Logger {
  const emit = (level: string, record: LogRecord): void => {
    write(`${JSON.stringify({ time: new Date().toISOString(), level, ...record })}\n`);
  };
  return { info: (record) => emit('info', record), error: (record) => emit('error', record) };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = { info: () => {}, error: () => {} };
