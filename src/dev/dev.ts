/**
 * `npm run dev`: Vite with hot reload for the app, and behind it (proxied /v1) the endpoint with the embedded S3.
 */
import { createServer, resolveConfig } from 'vite';
import { loopbackTwin } from '../server/config.ts';
import { failStart, openUrl, startStack, stopOnSignals } from './stack.ts';

// The pinned AWS SDK supports Node 20; its notice about future releases needing Node 22 would only be noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * The origins the Vite dev server serves the app on (its host and port, under both loopback names): the browser
 * calls S3 from there, so the local bucket's CORS rule must allow them. The production default does not.
 */
async function viteOrigins(): Promise<string[]> {
  const { server } = await resolveConfig({ configFile: 'vite.config.ts' }, 'serve');
  const host = typeof server.host === 'string' ? server.host : 'localhost';
  const origin = `${server.https ? 'https' : 'http'}://${host}:${server.port}`;
  const twin = loopbackTwin(origin);
  return twin === undefined ? [origin] : [origin, twin];
}

try {
  const stack = await startStack(process.env, { extraOrigins: await viteOrigins() });
  process.env.COFFER_DEV_ENDPOINT = stack.url;
  const vite = await createServer({ configFile: 'vite.config.ts' });
  await vite.listen();
  const appUrl = vite.resolvedUrls?.local[0]?.replace(/\/$/, '') ?? 'http://127.0.0.1:5173';
  stopOnSignals(async () => {
    await vite.close();
    await stack.close();
  });
  console.log(`Coffer dev server (${stack.storage}); endpoint ${stack.url}.`);
  console.log(`Open ${openUrl(appUrl, stack.freshToken)}`);
} catch (error) {
  failStart(error);
}
