import { describe, expect, it } from 'vitest';
import { runTool } from './processes.ts';

describe('runTool', () => {
  // Ceph tools that take no input exit before reading stdin; under load the write then fails with EPIPE.
  const input = 'x'.repeat(4 * 1024 * 1024);

  it('a tool that exits without reading its input succeeds by its exit status, without an EPIPE crash', async () => {
    await expect(runTool('true', [], { input, timeoutMs: 10_000 })).resolves.toBe('');
  });

  it('a tool that fails without reading its input is a one-line error naming it', async () => {
    await expect(runTool('false', [], { input, timeoutMs: 10_000 })).rejects.toThrow(/^false {2}failed \(exit 1\)/);
  });
});
