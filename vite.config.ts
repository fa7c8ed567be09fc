import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The endpoint `npm run dev` proxies /v1 to (src/dev/dev.ts sets it). */
const endpoint = process.env.COFFER_DEV_ENDPOINT ?? 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [react()],
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
