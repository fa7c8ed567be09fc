import { resolve } from 'node:path';
import { defineConfig, mergeConfig } from 'vite';
import app from '../vite.config';

/** The app plus the benchmark pages, built together so they share one origin, service worker and endpoint. */
export default mergeConfig(
  app,
  defineConfig({
    build: {
      // BENCH_DIST_DIR: another folder, so that benchmarks can run side by side.
      outDir: process.env.BENCH_DIST_DIR ?? resolve(import.meta.dirname, '../.bench-dist'),
      emptyOutDir: true,
      rolldownOptions: {
        input: {
          app: resolve(import.meta.dirname, '../index.html'),
          transfer: resolve(import.meta.dirname, 'transfer/index.html'),
        },
      },
    },
  }),
);
