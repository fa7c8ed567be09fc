import { describe, expect, it } from 'vitest';
import { planRotation, type ClassifiedObject } from './rotation-plan';

const at = (minute: number) => `2030-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
const object = (key: string, opensWith: ClassifiedObject['opensWith'], minute = 0, size = 100): ClassifiedObject => ({ key, size, uploaded: at(minute), opensWith });

describe('planRotation', () => {
  it('copies every file still under the previous key, and nothing else', () => {
    const plan = planRotation([object('files/aa.n1.x', 'previous'), object('files/bb.n1.y', 'current'), object('files/cc', 'previous')]);
    expect(plan.steps).toEqual([
      { kind: 'rewrap', object: object('files/aa.n1.x', 'previous'), others: [] },
      { kind: 'rewrap', object: object('files/cc', 'previous'), others: [] },
    ]);
    expect(plan.unreadable).toEqual([]);
  });

  it('is empty once every file opens with the current key, so the rotation may finish', () => {
    expect(planRotation([object('files/aa.n1.x', 'current'), object('files/bb', 'current')])).toEqual({ steps: [], unreadable: [] });
    expect(planRotation([])).toEqual({ steps: [], unreadable: [] });
  });

  it('after a copy that completed before its original was deleted: deletes the original instead of copying again', () => {
    const plan = planRotation([object('files/aa.n1.old', 'previous', 1), object('files/aa.n1.new', 'current', 2)]);
    expect(plan.steps).toEqual([{ kind: 'replace', from: 'files/aa.n1.old', to: 'files/aa.n1.new' }]);
  });

  it('keeps the current copy even when the original is newer (renamed during the rotation), and drops a second copy', () => {
    const plan = planRotation([
      object('files/aa.n1.renamed', 'previous', 9),
      object('files/aa.n1.copy', 'current', 5),
      object('files/aa.n1.copy2', 'current', 3),
    ]);
    expect(plan.steps).toEqual([
      { kind: 'replace', from: 'files/aa.n1.renamed', to: 'files/aa.n1.copy' },
      { kind: 'replace', from: 'files/aa.n1.copy2', to: 'files/aa.n1.copy' },
    ]);
  });

  it('of two objects of one file under the previous key (a move whose delete failed), copies the newest, which then replaces both', () => {
    const plan = planRotation([object('files/aa.n1.before', 'previous', 1), object('files/aa/.n1.after', 'previous', 4)]);
    expect(plan.steps).toEqual([{ kind: 'rewrap', object: object('files/aa/.n1.after', 'previous', 4), others: ['files/aa.n1.before'] }]);
  });

  it('never touches what no key opens', () => {
    const plan = planRotation([object('files/aa.n1.x', 'none'), object('files/aa.n1.y', 'current'), object('files/bb', 'none')]);
    expect(plan.steps).toEqual([]);
    expect(plan.unreadable.map((o) => o.key)).toEqual(['files/aa.n1.x', 'files/bb']);
  });
});
