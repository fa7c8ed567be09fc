/**
 * `npm run bench:endpoint`: autocannon against a local endpoint in its own Node process,
 * 64 connections signing PUT/GET/HEAD/DELETE URLs. Fails (exit 1) below 5,000 requests/s,
 * above 20 ms p99, or on any error or non-2xx answer.
 */
import { loadavg } from 'node:os';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { autocannon, startBenchServer, summarise, verdict } from './harness.ts';

const TOKEN = 'bench-token-0123456789abcdef';
const CONNECTIONS = 64;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const TARGET = { requestsPerSecond: 5000, p99Ms: 20 };

/** Process CPU time, and the event loop's utilization counters (main thread only). */
interface ServerUsage {
  cpuMicros: number;
  elu: EventLoopUtilization;
}

function body(method: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ method, key: `bench/${method.toLowerCase()}/object-0001`, ...extra });
}

const server = await startBenchServer<ServerUsage>(
  'bench/endpoint/server.ts',
  { COFFER_S3_ENDPOINT: 'http://127.0.0.1:9', COFFER_S3_BUCKET: 'bench', COFFER_TOKENS: `bench:${TOKEN}` },
  process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
);
try {
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const request = (b: string) => ({ method: 'POST' as const, path: '/v1/presign', headers, body: b });
  await autocannon({ url: server.url, connections: CONNECTIONS, duration: 2, requests: [request(body('GET'))] }); // warm-up
  const before = await server.usage();
  const result = await autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [request(body('PUT', { contentLength: 1_048_576 })), request(body('GET')), request(body('HEAD')), request(body('DELETE'))],
  });
  const after = await server.usage();
  const serverCpu = after.cpuMicros - before.cpuMicros;
  const mainThreadBusy = performance.eventLoopUtilization(after.elu, before.elu).utilization;
  const rps = result.requests.total / result.duration;
  const summary = {
    ...summarise(result, CONNECTIONS),
    serverCpuMicrosPerRequest: Math.round(serverCpu / result.requests.total),
    serverMainThreadBusy: Math.round(mainThreadBusy * 100) / 100,
    loadAverage1m: loadavg()[0],
  };
  console.log(JSON.stringify(summary, null, 2));
  verdict(
    'bench:endpoint',
    [
      rps < TARGET.requestsPerSecond && `${Math.round(rps)} requests/s < ${TARGET.requestsPerSecond}`,
      result.latency.p99 > TARGET.p99Ms && `p99 ${result.latency.p99} ms > ${TARGET.p99Ms} ms`,
      result.errors + result.timeouts + result.non2xx > 0 && 'errors or non-2xx answers',
    ],
    `>= ${TARGET.requestsPerSecond} requests/s, p99 <= ${TARGET.p99Ms} ms, no errors`,
  );
} finally {
  server.stop();
}
