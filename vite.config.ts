import { build, defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { SERVICE_WORKER_URL } from './src/transfer/save/download-sw-protocol.ts';

/** The endpoint `npm run dev` proxies /v1 to (src/dev/dev.ts sets it). */
const endpoint = process.env.COFFER_DEV_ENDPOINT ?? 'http://127.0.0.1:8787';

/** The download service worker's source, and its file in the build (served at SERVICE_WORKER_URL). */
const SERVICE_WORKER_ENTRY = 'src/transfer/save/download-sw.ts';
const SERVICE_WORKER_FILE = SERVICE_WORKER_URL.replace(/^\//, '');

/**
 * The service worker bundled on its own into one classic script (no imports, nothing shared with the app's chunks),
 * so that it registers at /download-sw.js with scope '/' in every browser, module service workers or not.
 */
async function bundleServiceWorker(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      write: false,
      target: 'es2022',
      lib: { entry: SERVICE_WORKER_ENTRY, formats: ['iife'], name: 'cofferDownloadSw', fileName: () => SERVICE_WORKER_FILE },
    },
  });
  const output = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
  const chunk = output.find((file) => file.type === 'chunk');
  if (chunk?.type !== 'chunk') throw new Error(`vite: ${SERVICE_WORKER_ENTRY} gave no script`);
  return chunk.code;
}

/** Serves /download-sw.js from its TypeScript source: written into the build, bundled afresh per request in dev. */
function downloadServiceWorker(): Plugin {
  return {
    name: 'coffer-download-sw',
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: SERVICE_WORKER_FILE, source: await bundleServiceWorker() });
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        if (request.url?.split('?')[0] !== SERVICE_WORKER_URL) {
          next();
          return;
        }
        bundleServiceWorker().then((code) => {
          response.setHeader('Content-Type', 'text/javascript');
          response.setHeader('Cache-Control', 'no-cache');
          response.end(code);
        }, next);
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), downloadServiceWorker()],
  // zxcvbn's dictionaries are one large chunk, loaded only on the create-vault screen.
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1500 },
  worker: { format: 'es' },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: { '/v1': { target: endpoint, changeOrigin: false } },
  },
});
