import { defineConfig } from 'vitest/config';

/**
 * Conformance tests against real S3 implementations (`npm run test:conformance`). Each file starts its
 * own server (e.g. Ceph RGW via src/dev/rgw); the default `vitest run` excludes them. The JSON report lets
 * .ci/run prove that they ran and none was skipped.
 */
export default defineConfig({
  test: {
    include: ['src/conformance/**/*.rgw.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/conformance-report.json' },
  },
});
