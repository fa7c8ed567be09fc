import { describe, expect, it } from 'vitest';
import { checkGeneration, generationScope, rememberedGeneration, rememberGeneration } from './settings-generation';

/** A Storage over a Map, as localStorage behaves. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

describe('remembered settings generations', () => {
  const vault = generationScope('http://127.0.0.1:8787|alice', '00112233445566778899aabbccddeeff');

  it('warns when a vault opens at a generation older than one seen before, and never moves the value down', () => {
    const storage = memoryStorage();
    expect(checkGeneration(storage, vault, 1)).toBeUndefined();
    expect(checkGeneration(storage, vault, 3)).toBeUndefined();
    expect(checkGeneration(storage, vault, 3)).toBeUndefined();
    expect(checkGeneration(storage, vault, 2)).toEqual({ seen: 3, opened: 2 });
    expect(checkGeneration(storage, vault, 0)).toEqual({ seen: 3, opened: 0 });
    expect(rememberedGeneration(storage, vault)).toBe(3);
    rememberGeneration(storage, vault, 1);
    expect(rememberedGeneration(storage, vault)).toBe(3);
    rememberGeneration(storage, vault, 4);
    expect(checkGeneration(storage, vault, 3)).toEqual({ seen: 4, opened: 3 });
  });

  it('keeps vaults of other users, endpoints and ids apart', () => {
    const storage = memoryStorage();
    checkGeneration(storage, vault, 5);
    for (const other of [
      generationScope('http://127.0.0.1:8787|bob', '00112233445566778899aabbccddeeff'),
      generationScope('https://vault.example|alice', '00112233445566778899aabbccddeeff'),
      generationScope('http://127.0.0.1:8787|alice', 'ffeeddccbbaa99887766554433221100'),
    ]) {
      expect(checkGeneration(storage, other, 1), other).toBeUndefined();
    }
  });

  it('treats a damaged entry as nothing remembered, and a hand-edited value that is not a count likewise', () => {
    const storage = memoryStorage();
    storage.setItem('coffer.settings-generations', '{not json');
    expect(checkGeneration(storage, vault, 2)).toBeUndefined();
    storage.setItem('coffer.settings-generations', JSON.stringify({ [vault]: 'lots' }));
    expect(rememberedGeneration(storage, vault)).toBeUndefined();
  });
});
