import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { RgwStartError } from './errors.ts';

/** True when `cmd` is an executable file on PATH. */
export function onPath(cmd: string): boolean {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    try {
      accessSync(join(dir || '.', cmd), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

/**
 * The last non-empty line of `text`, trimmed, without Ceph's "<timestamp> <thread> <level>" prefix;
 * '' when there is none.
 */
function lastLine(text: string): string {
  return stripCephPrefix(nonEmptyLines(text).at(-1) ?? '');
}

/** Lines that explain why a daemon died, preferred over whatever it said last. */
const FAILURE = /error|failed|unable|cannot|denied|in use/i;

/** The last two lines of `text` that look like a failure, joined into one line ('' when none). */
function failureLines(text: string): string {
  return nonEmptyLines(text)
    .filter((line) => FAILURE.test(line))
    .slice(-2)
    .map(stripCephPrefix)
    .join(' / ');
}

function nonEmptyLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function stripCephPrefix(line: string): string {
  return line.replace(/^\d{4}-\d\d-\d\dT\S+ [0-9a-f]+ +-?\d+ /, '');
}

/**
 * Runs a Ceph tool to completion and returns its stdout. A non-zero exit, a timeout or a failure to
 * start becomes an RgwStartError naming the tool and its last line of stderr.
 */
export function runTool(
  cmd: string,
  args: readonly string[],
  opts: { input?: string; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const what = `${cmd} ${args.slice(0, 2).join(' ')}`;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new RgwStartError(`${what} did not finish within ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new RgwStartError(`${what} could not start: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else {
        const said = lastLine(stderr) || lastLine(stdout);
        reject(new RgwStartError(`${what} failed (${signal ?? `exit ${code}`}): ${said}`));
      }
    });
    // A tool that exits without reading its stdin makes this write fail with EPIPE; its exit status tells the outcome.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

/** A Ceph daemon running in the foreground as our child; its stdout/stderr go to `outFile`. */
export class Daemon {
  readonly exited: Promise<void>;
  private exitDescription: string | undefined;

  private constructor(
    readonly label: string,
    readonly child: ChildProcess,
    private readonly outFile: string,
    private readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exitDescription = signal ?? `exit ${code}`;
        resolve();
      });
    });
  }

  /** Starts `cmd args` in the foreground; the caller must eventually kill() it. */
  static start(label: string, cmd: string, args: readonly string[], files: { out: string; log: string }): Daemon {
    const fd = openSync(files.out, 'a');
    try {
      const child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
      // A spawn failure is reported below as a thrown error; the later 'error' event must not crash us.
      child.once('error', () => undefined);
      if (child.pid === undefined) throw new RgwStartError(`${label} could not start: ${cmd} is not executable`);
      return new Daemon(label, child, files.out, files.log);
    } finally {
      closeSync(fd);
    }
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exitDescription === undefined;
  }

  /** One line for a startup error: how it ended and the last thing it said. */
  describeExit(): string {
    const out = readOrEmpty(this.outFile);
    const log = readOrEmpty(this.logFile);
    const said = failureLines(out) || failureLines(log) || lastLine(out) || lastLine(log);
    return `${this.label} exited (${this.exitDescription ?? 'running'}) during startup: ${said}`;
  }

  /**
   * SIGKILL and wait until it is gone. The cluster is thrown away with its folder, so a graceful
   * shutdown (seconds for radosgw) would buy nothing.
   */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Polls `check` every `intervalMs` until it returns a value other than undefined, and fails after
 * `timeoutMs` with `${what} not ready after N ms`.
 */
export async function pollUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  opts: { timeoutMs: number; intervalMs: number },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError = '';
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() >= deadline) {
      throw new RgwStartError(`${what} not ready after ${opts.timeoutMs} ms${lastError ? `: ${lastError}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, opts.intervalMs));
  }
}
