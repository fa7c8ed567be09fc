import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes';

describe('formatBytes', () => {
  it('shows small sizes in bytes and larger ones in decimal units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.5 KB');
    expect(formatBytes(524_288)).toBe('524 KB');
    expect(formatBytes(3_200_000_000)).toBe('3.2 GB');
  });
});
