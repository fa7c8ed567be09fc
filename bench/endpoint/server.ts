/**
 * The endpoint under benchmark: a production-shaped instance (JSON logs on, real SigV4
 * presigning) pointed at an S3 address nobody listens on, since presigning needs no network.
 * Reports its URL to the parent over IPC; request logs go to stdout as in production.
 */
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../../src/server/config.ts';
import { startCoffer } from '../../src/server/start.ts';

const config = parseConfig({ ...process.env, PORT: '0', COFFER_RATE_LIMIT: '0', COFFER_STATIC_DIR: '/nonexistent' });
if (config.s3.kind !== 'external') throw new Error('bench server needs COFFER_S3_BUCKET and COFFER_S3_ENDPOINT');
const { endpoint, region, bucket, forcePathStyle } = config.s3;
const coffer = await startCoffer(config, {
  s3: {
    ...(endpoint === undefined ? {} : { endpoint }),
    region,
    bucket,
    forcePathStyle,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
  },
});
process.send?.({ url: coffer.url });
// CPU time used so far, so the runner can report CPU per request whatever else runs on the machine.
process.on('message', () => {
  const cpu = process.cpuUsage();
  process.send?.({ cpuMicros: cpu.user + cpu.system, elu: performance.eventLoopUtilization() });
});
process.on('SIGTERM', () => void coffer.close().then(() => process.exit(0)));
