/**
 * Production entry: `node --import tsx src/server/main.ts`. Reads the environment once,
 * serves the endpoint and the built app, and stops on SIGINT/SIGTERM. Problems are printed
 * as one line each, and the process exits 1.
 */
import { deployedS3 } from './compose.ts';
import { parseConfig } from './config.ts';
import { startCoffer } from './start.ts';

function fail(error: unknown): never {
  process.stderr.write(`coffer: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  // The SDK range is pinned to releases that run on Node 20; its multi-line notice about later ones is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const config = parseConfig(process.env);
  const s3 = deployedS3(config, 'set COFFER_S3_BUCKET (and COFFER_S3_ENDPOINT or AWS_REGION), or use `npm start` for a local stack');
  const coffer = await startCoffer(config, { s3 });
  process.stdout.write(`coffer: listening on ${coffer.url}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    coffer.close().then(() => process.exit(0), fail);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(fail);
