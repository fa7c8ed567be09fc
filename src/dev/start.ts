/**
 * `npm start`: the whole of Coffer in one process - embedded S3 (unless real S3 is configured), the presign
 * endpoint and the built app on one origin.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { failStart, openUrl, startStack, stopOnSignals } from './stack.ts';

// The pinned AWS SDK supports Node 20; its notice about future releases needing Node 22 would only be noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

try {
  const stack = await startStack(process.env);
  if (!existsSync(join(stack.config.staticDir, 'index.html'))) {
    console.warn(`coffer: no built app in ${stack.config.staticDir}: run \`npm run build\` (npm start does it for you)`);
  }
  stopOnSignals(stack.close);
  console.log(`Coffer is running (${stack.storage}).`);
  if (stack.freshToken) {
    console.log(`Open ${openUrl(stack.url, stack.freshToken)}`);
    console.log('That link carries a new access token for this run; it is not shown again.');
  } else {
    console.log(`Open ${openUrl(stack.url, undefined)} and sign in with your token.`);
  }
  console.log('Press Ctrl-C to stop.');
} catch (error) {
  failStart(error);
}
