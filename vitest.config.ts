import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    // Conformance tests need a real Ceph RGW: `npm run test:conformance` runs them.
    exclude: ['**/node_modules/**', '**/*.rgw.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
