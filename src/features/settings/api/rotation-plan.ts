/**
 * What a key rotation still has to do with the vault's files (format SPEC section 6.2), from what the bucket holds
 * now: a pure function of the listing and of which key opens each header, so that a rotation stopped anywhere - a
 * copy half done, a copy done but its original still there - goes on from where it stopped, and nothing is copied
 * twice, lost or left over.
 */
import { fileObjectParts } from '../../../format';

/** A listed file object and which master key opens its header. */
export interface ClassifiedObject {
  key: string;
  /** Stored bytes. */
  size: number;
  /** ISO date of its last write. */
  uploaded: string;
  opensWith: 'current' | 'previous' | 'none';
}

/** One step of a rotation. */
export type RotationStep =
  /** Copy `object` under a header re-wrapped for the current key, then let the copy replace it and `others`. */
  | { kind: 'rewrap'; object: ClassifiedObject; others: string[] }
  /** A copy made earlier is complete (`to`): `from` is left over from before it. */
  | { kind: 'replace'; from: string; to: string };

/** The steps, and the objects no key opens (left as they are: what cannot be read is never deleted). */
export interface RotationPlan {
  steps: RotationStep[];
  unreadable: ClassifiedObject[];
}

const newestFirst = (a: ClassifiedObject, b: ClassifiedObject) => (a.uploaded < b.uploaded ? 1 : a.uploaded > b.uploaded ? -1 : 0);

/**
 * Plans the rest of a rotation. Objects that share a file id are one file: if one of them opens with the current key,
 * it is the file and the others that open are replaced by it; if none does, the newest under the previous key is
 * copied, and the copy replaces it and the others. The plan is empty when every file opens with the current key only
 * once: then the rotation may finish.
 */
export function planRotation(objects: readonly ClassifiedObject[]): RotationPlan {
  const byId = new Map<string, ClassifiedObject[]>();
  for (const object of objects) {
    const id = fileObjectParts(object.key).id;
    byId.set(id, [...(byId.get(id) ?? []), object]);
  }
  const steps: RotationStep[] = [];
  const unreadable = objects.filter((object) => object.opensWith === 'none');
  for (const group of byId.values()) {
    const readable = group.filter((object) => object.opensWith !== 'none').sort(newestFirst);
    const current = readable.find((object) => object.opensWith === 'current');
    if (current) {
      for (const other of readable) if (other !== current) steps.push({ kind: 'replace', from: other.key, to: current.key });
      continue;
    }
    const [newest, ...others] = readable;
    if (newest) steps.push({ kind: 'rewrap', object: newest, others: others.map((object) => object.key) });
  }
  return { steps, unreadable };
}
