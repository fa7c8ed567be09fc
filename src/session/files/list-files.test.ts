import { describe, expect, it } from 'vitest';
import { nameToken } from './list-files';

describe('nameToken', () => {
  it('finds the sealed name after the id, also in a key cut into segments, and none in a key without one', () => {
    expect(nameToken('files/0123abcd.n1.AbC-_9')).toBe('n1.AbC-_9');
    expect(nameToken('files/0123abcd.n1.Ab/C-_9')).toBe('n1.AbC-_9');
    expect(nameToken('files/0123abcd')).toBeUndefined();
  });
});
