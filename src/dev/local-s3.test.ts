import { describe, expect, it } from 'vitest';
import { localS3Backend, localS3Port } from './local-s3.ts';

describe('local S3 settings', () => {
  it('listens on 8788 unless COFFER_S3_PORT says otherwise (0: any free port)', () => {
    expect(localS3Port({})).toBe(8788);
    expect(localS3Port({ COFFER_S3_PORT: '0' })).toBe(0);
    expect(localS3Port({ COFFER_S3_PORT: '9000' })).toBe(9000);
  });

  it('refuses a port that is not one, naming the variable', () => {
    expect(() => localS3Port({ COFFER_S3_PORT: '-1' })).toThrow('COFFER_S3_PORT must be a whole number from 0 to 65535');
    expect(() => localS3Port({ COFFER_S3_PORT: '70000' })).toThrow('COFFER_S3_PORT');
  });

  it('runs s3rver by default, RGW when asked, and refuses RGW beside real S3 settings', () => {
    expect(localS3Backend({}, { kind: 'none' })).toBe('s3rver');
    expect(localS3Backend({ COFFER_S3_BACKEND: 'rgw' }, { kind: 'none' })).toBe('rgw');
    expect(() => localS3Backend({ COFFER_S3_BACKEND: 'minio' }, { kind: 'none' })).toThrow('COFFER_S3_BACKEND must be s3rver or rgw');
    const external = { kind: 'external', region: 'eu-west-1', bucket: 'b', forcePathStyle: false } as const;
    expect(() => localS3Backend({ COFFER_S3_BACKEND: 'rgw' }, external)).toThrow('starts a local S3');
  });
});
