import { stackConfig } from './e2e/stack-config';

/** E2E on the everyday stack: embedded s3rver (`npm run test:e2e`). */
export default stackConfig({
  port: Number(process.env.COFFER_E2E_PORT ?? 8797),
  backend: 's3rver',
  // The JSON report lets .ci/run prove that the e2e suite ran.
  reportFile: process.env.COFFER_E2E_REPORT ?? 'test-results/e2e-report.json',
  outputDir: process.env.COFFER_E2E_OUTPUT_DIR ?? 'test-results/e2e',
  testMatch: '**/*.spec.ts',
  startTimeoutMs: 60_000,
});
