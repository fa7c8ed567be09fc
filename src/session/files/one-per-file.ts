/**
 * Objects that share a file id are one file (format SPEC section 6.2): a key rotation copies each file to a new key
 * with the same id and only then deletes the old object, and a rename whose delete failed leaves both keys. Until
 * the extra object is gone, the list shows the file once. The caller passes only files whose names opened for their
 * ids (SPEC section 11): an object carrying another file's name is shown as unreadable, and must not hide this one.
 */
import { fileObjectParts } from '../../format';

/** What deciding needs of a listed object. */
export interface Listed {
  key: string;
  /** ISO date of the object's last write. */
  uploaded: string;
}

/**
 * Keeps one object per file id: of several, the first for which `current` says yes (its header opens with the vault's
 * current master key: the re-wrapped copy), else the newest. `current` is asked only about ids listed more than once,
 * so a normal listing costs nothing. The order of `objects` is kept.
 */
export async function onePerFile<T extends Listed>(objects: readonly T[], current: (object: T) => Promise<boolean>): Promise<T[]> {
  const byId = new Map<string, T[]>();
  for (const object of objects) {
    const id = fileObjectParts(object.key).id;
    byId.set(id, [...(byId.get(id) ?? []), object]);
  }
  const dropped = new Set<T>();
  for (const group of byId.values()) {
    if (group.length < 2) continue;
    const newestFirst = [...group].sort((a, b) => (a.uploaded < b.uploaded ? 1 : a.uploaded > b.uploaded ? -1 : 0));
    let kept: T | undefined;
    for (const object of newestFirst) {
      if (await current(object).catch(() => false)) {
        kept = object;
        break;
      }
    }
    kept ??= newestFirst[0];
    for (const object of group) if (object !== kept) dropped.add(object);
  }
  return dropped.size === 0 ? [...objects] : objects.filter((object) => !dropped.has(object));
}
