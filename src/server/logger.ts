/** One structured log record. Never put tokens, key material or signed URLs in one. */
export type LogRecord = Record<string, string | number | boolean | undefined>;

/** Where the endpoint writes its logs. */
export interface Logger {
  info(record: LogRecord): void;
  error(record: LogRecord): void;
}

/** A logger writing one JSON object per line, with time and level, to `write` (stdout by default). */
export function createJsonLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  const emit = (level: string, record: LogRecord): void => {
    write(`${JSON.stringify({ time: new Date().toISOString(), level, ...record })}\n`);
  };
  return { info: (record) => emit('info', record), error: (record) => emit('error', record) };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = { info: () => {}, error: () => {} };
