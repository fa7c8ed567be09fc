/**
 * The endpoint under the RGW soak (rgw.ts): a production-shaped instance (JSON logs on, rate limit off) in front of
 * a running Ceph RGW whose address and keys come from BENCH_RGW_* variables. Reports its URL to the parent over
 * IPC, and on each message its resident memory and CPU time.
 */
import { parseConfig } from '../../src/server/config.ts';
import { startCoffer } from '../../src/server/start.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set: run bench/endpoint/rgw.ts`);
  return value;
};

const config = parseConfig({
  PORT: '0',
  COFFER_RATE_LIMIT: '0',
  COFFER_STATIC_DIR: '/nonexistent',
  COFFER_TOKENS: env('BENCH_TOKENS'),
  COFFER_S3_ENDPOINT: env('BENCH_RGW_ENDPOINT'),
  COFFER_S3_BUCKET: env('BENCH_RGW_BUCKET'),
});
if (config.s3.kind !== 'external') throw new Error('bench: the endpoint needs external S3');
const coffer = await startCoffer(config, {
  s3: {
    endpoint: env('BENCH_RGW_ENDPOINT'),
    region: config.s3.region,
    bucket: config.s3.bucket,
    forcePathStyle: true,
    credentials: { accessKeyId: env('BENCH_RGW_ACCESS_KEY_ID'), secretAccessKey: env('BENCH_RGW_SECRET_ACCESS_KEY') },
  },
});
process.send?.({ url: coffer.url });
process.on('message', () => {
  const cpu = process.cpuUsage();
  process.send?.({ rss: process.memoryUsage().rss, cpuMicros: cpu.user + cpu.system });
});
process.on('SIGTERM', () => void coffer.close().then(() => process.exit(0)));
