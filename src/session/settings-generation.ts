/**
 * The newest generation of each vault's settings object this browser has opened or written (format SPEC section 6),
 * so that an older copy put back in the bucket - by which an old passphrase, or an old vault key, opens the vault
 * again - is noticed when it is opened. Scoped to the endpoint, the user and the vault id; a remembered value only
 * ever moves up. It holds no secret: a number per vault.
 */
import type { SettingsRollback } from './session-context';

const STORAGE_KEY = 'coffer.settings-generations';

/** Whose vault: `<endpoint>|<user>` (useLocalOwner) and the vault id. */
export function generationScope(owner: string, vaultId: string): string {
  return `${owner}|${vaultId}`;
}

function read(storage: Storage): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, number] => Number.isSafeInteger(entry[1]) && entry[1] >= 0));
  } catch {
    return {};
  }
}

/** The newest generation remembered for a vault, if any. */
export function rememberedGeneration(storage: Storage, scope: string): number | undefined {
  return read(storage)[scope];
}

/** Remembers `generation` for a vault unless a newer one is remembered already. */
export function rememberGeneration(storage: Storage, scope: string, generation: number): void {
  const all = read(storage);
  if ((all[scope] ?? -1) >= generation) return;
  all[scope] = generation;
  storage.setItem(STORAGE_KEY, JSON.stringify(all));
}

/**
 * What opening settings of `generation` means: a rollback when this browser opened a newer generation of the same
 * vault before (the newer value stays remembered); otherwise the generation is remembered and all is well.
 */
export function checkGeneration(storage: Storage, scope: string, generation: number): SettingsRollback | undefined {
  const seen = rememberedGeneration(storage, scope);
  if (seen !== undefined && generation < seen) return { seen, opened: generation };
  rememberGeneration(storage, scope, generation);
  return undefined;
}
