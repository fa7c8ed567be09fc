/**
 * The RGW soak of `npm run bench:endpoint`: 64 connections for 60 s (BENCH_RGW_DURATION to change) against one
 * endpoint process with a throwaway Ceph RGW behind it. Four in five requests sign URLs (local work); one in five
 * lists the caller's objects (GET /v1/objects), which goes to RGW. Reports requests/s, latency, errors and the
 * endpoint's resident memory over the run; exits 1 on any error or non-2xx answer, or when memory keeps growing.
 */
import { loadavg } from 'node:os';
import { startRgw } from '../../src/dev/rgw/index.ts';
import { autocannon, startBenchServer, summarise, verdict, type BenchRequest } from './harness.ts';

const TOKEN = 'bench-rgw-token-0123456789abcdef';
const CONNECTIONS = 64;
const DURATION_S = Number(process.env.BENCH_RGW_DURATION ?? 60);
const SEED_OBJECTS = 50;
const SAMPLE_EVERY_MS = 5_000;
/** Memory is flat when the last sample is at most this much above the one taken halfway through. */
const FLAT_TOLERANCE = 0.1;
const MiB = 1024 * 1024;

interface Usage {
  rss: number;
  cpuMicros: number;
}

const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
const presign = (method: string, extra: Record<string, unknown> = {}): BenchRequest => ({
  method: 'POST',
  path: '/v1/presign',
  headers,
  body: JSON.stringify({ method, key: `bench/${method.toLowerCase()}/object-0001`, ...extra }),
});
const listing: BenchRequest = { method: 'GET', path: `/v1/objects?prefix=seed/&limit=${SEED_OBJECTS}`, headers };

/** Uploads small objects through signed URLs, so listings have something to return. */
async function seed(url: string): Promise<void> {
  for (let i = 0; i < SEED_OBJECTS; i++) {
    const body = JSON.stringify({ method: 'PUT', key: `seed/object-${String(i).padStart(3, '0')}`, contentLength: 1024 });
    const signed = (await (await fetch(`${url}/v1/presign`, { method: 'POST', headers, body })).json()) as { url: string; headers: Record<string, string> };
    const put = await fetch(signed.url, { method: 'PUT', body: new Uint8Array(1024), headers: signed.headers });
    if (!put.ok) throw new Error(`seeding failed: RGW answered ${put.status}`);
  }
}

const mib = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;

const rgw = await startRgw({ bucket: 'bench' });
try {
  const endpoint = await startBenchServer<Usage>('bench/endpoint/rgw-server.ts', {
    BENCH_TOKENS: `bench:${TOKEN}`,
    BENCH_RGW_ENDPOINT: rgw.endpoint,
    BENCH_RGW_BUCKET: rgw.bucket,
    BENCH_RGW_ACCESS_KEY_ID: rgw.accessKeyId,
    BENCH_RGW_SECRET_ACCESS_KEY: rgw.secretAccessKey,
  });
  try {
    await seed(endpoint.url);
    const requests = [presign('PUT', { contentLength: 1_048_576 }), presign('GET'), presign('HEAD'), presign('DELETE'), listing];
    await autocannon({ url: endpoint.url, connections: CONNECTIONS, duration: 5, requests }); // warm-up
    const before = await endpoint.usage();
    const samples: number[] = [before.rss];
    const sampler = setInterval(() => void endpoint.usage().then((u) => samples.push(u.rss)), SAMPLE_EVERY_MS);
    const result = await autocannon({ url: endpoint.url, connections: CONNECTIONS, duration: DURATION_S, requests });
    clearInterval(sampler);
    const after = await endpoint.usage();
    samples.push(after.rss);

    const middle = samples[Math.floor(samples.length / 2)] ?? before.rss;
    const flat = after.rss <= middle * (1 + FLAT_TOLERANCE);
    const summary = {
      s3: `Ceph RGW (${rgw.objectStore}) at ${rgw.endpoint}`,
      ...summarise(result, CONNECTIONS),
      listingsPerSecond: Math.round(result.requests.total / result.duration / requests.length),
      endpointRssMiB: { start: mib(before.rss), middle: mib(middle), end: mib(after.rss), samples: samples.map(mib) },
      serverCpuMicrosPerRequest: Math.round((after.cpuMicros - before.cpuMicros) / result.requests.total),
      loadAverage1m: loadavg()[0],
    };
    console.log(JSON.stringify(summary, null, 2));
    verdict(
      'bench:endpoint (RGW)',
      [
        result.errors + result.timeouts + result.non2xx > 0 && 'errors or non-2xx answers',
        !flat && `endpoint memory grew from ${mib(middle)} MiB halfway to ${mib(after.rss)} MiB at the end`,
      ],
      `${DURATION_S} s at ${CONNECTIONS} connections, no errors, flat memory`,
    );
  } finally {
    endpoint.stop();
  }
} finally {
  await rgw.stop();
}
