import { stackConfig } from './e2e/stack-config';

/**
 * The core browser flows on a real S3 (`npm run test:conformance`): the same stack with a throwaway Ceph RGW behind
 * it, which checks signatures, signed lengths, the 5 MiB part minimum and part ETags, unlike s3rver.
 */
export default stackConfig({
  port: Number(process.env.COFFER_E2E_RGW_PORT ?? 8817),
  backend: 'rgw',
  reportFile: 'test-results/e2e-rgw-report.json',
  outputDir: 'test-results/e2e-rgw',
  testMatch: [
    'vault-round-trip.spec.ts',
    'no-secrets-in-requests.spec.ts',
    'upload-control.spec.ts',
    'large-files.spec.ts',
    'folders-and-faults.spec.ts',
    'security-headers.spec.ts',
    'file-requests.spec.ts',
    'sharing.spec.ts',
    'settings.spec.ts',
    'vault-creation.spec.ts',
    'key-rotation.spec.ts',
    'preview.spec.ts',
    'empty-files.spec.ts',
    'empty-folders.spec.ts',
  ],
  startTimeoutMs: 120_000,
});
