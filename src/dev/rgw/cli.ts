/**
 * `node --import tsx src/dev/rgw/cli.ts [--port N] [--bucket NAME] [--origin URL]... [--dir PATH] [--bluestore] [-v]`
 * Starts a throwaway Ceph RGW, prints one JSON line (endpoint, keys, bucket, ...) and runs until Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { RgwStartError } from './errors.ts';
import { startRgw, type RgwInstance } from './start-rgw.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    bucket: { type: 'string' },
    origin: { type: 'string', multiple: true },
    dir: { type: 'string' },
    bluestore: { type: 'boolean', default: false },
    verbose: { type: 'boolean', short: 'v', default: false },
  },
});

let instance: RgwInstance | undefined;
let shuttingDown = false;
const shutDown = async (code: number): Promise<void> => {
  if (shuttingDown) return;
  shuttingDown = true;
  const t0 = Date.now();
  await instance?.stop();
  if (instance) console.error(`rgw: stopped in ${Date.now() - t0} ms`);
  process.exit(code);
};
// Registered before startRgw so that a Ctrl-C during startup also goes through stop().
process.on('SIGINT', () => void shutDown(130));
process.on('SIGTERM', () => void shutDown(143));

const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  console.error(`rgw: --port must be a TCP port, got ${values.port}`);
  process.exit(2);
}

try {
  instance = await startRgw({
    port,
    bucket: values.bucket,
    allowedOrigins: values.origin,
    dir: values.dir,
    objectStore: values.bluestore ? 'bluestore' : 'memstore',
    onProgress: values.verbose ? (line) => console.error(`rgw: ${line}`) : undefined,
  });
  // JSON leaves out the instance's stop function.
  console.log(JSON.stringify(instance));
  console.error('rgw: running; Ctrl-C to stop');
} catch (err) {
  console.error(`rgw: ${err instanceof RgwStartError ? err.message : String(err)}`);
  process.exit(1);
}
