/** What both endpoint benchmarks share: autocannon's types, the endpoint in its own Node process, the summary. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
}
export interface Result {
  requests: Histogram & { total: number };
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}
type Autocannon = (options: { url: string; connections: number; duration: number; requests: BenchRequest[] }) => Promise<Result>;

export const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface BenchServer<Usage> {
  url: string;
  /** Asks the process for its usage counters (it answers an IPC 'usage' message). */
  usage(): Promise<Usage>;
  stop(): void;
}

/**
 * Starts `script` (a tsx module that sends `{ url }` over IPC once listening, and its usage on 'usage') with
 * `nodeArgs` before `--import tsx` and `env` over this process's environment.
 */
export async function startBenchServer<Usage>(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<BenchServer<Usage>> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.once('message', (message) => resolve((message as { url: string }).url));
  });
  const usage = () =>
    new Promise<Usage>((resolve) => {
      child.once('message', (message) => resolve(message as Usage));
      child.send('usage');
    });
  return { url, usage, stop: () => child.kill('SIGTERM') };
}

/** Autocannon's figures as both benchmarks print them. */
export function summarise(result: Result, connections: number) {
  return {
    connections,
    durationS: result.duration,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    latencyMs: { average: result.latency.average, p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Prints the failures (exit status 1) or the pass line. */
export function verdict(name: string, failures: (string | false)[], passed: string): void {
  const failed = failures.filter((failure) => failure !== false);
  if (failed.length > 0) {
    console.error(`${name} FAILED: ${failed.join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log(`${name} passed: ${passed}`);
  }
}
