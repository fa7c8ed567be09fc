import { describe, expect, it } from 'vitest';
import { FOLDER_MARKER_TYPE } from '../../format';
import type { VaultFile } from '../../session/files/list-files';
import { buildIndex, entriesIn, type Entry } from '../../session/files/file-tree';
import { planMove, planRename } from './plan-moves';

function file(name: string): VaultFile {
  return { key: `files/${name}`, storedSize: 1, uploaded: '2030-01-01T00:00:00.000Z', readable: true, metadata: { name, type: 'text/plain', size: 1, modified: 0 } };
}
const index = buildIndex([file('a.txt'), file('Album/b.txt'), file('Album/2024/c.txt'), file('Docs/a.txt')]);
const at = (folder: string, name: string) => entriesIn(index, folder).find((e) => e.name === name) as Entry;
const targets = (plan: ReturnType<typeof planMove>) => (plan.ok ? plan.moves.map((m) => `${m.file.metadata.name} -> ${m.to}`) : plan.problem);

describe('move plans', () => {
  it('moves a file into a folder under its own name, and a folder with everything inside', () => {
    expect(targets(planMove(index, [at('Album', 'b.txt')], 'Docs'))).toEqual(['Album/b.txt -> Docs/b.txt']);
    expect(targets(planMove(index, [at('', 'Album')], 'Docs'))).toEqual(['Album/b.txt -> Docs/Album/b.txt', 'Album/2024/c.txt -> Docs/Album/2024/c.txt']);
    expect(targets(planMove(index, [at('Album', 'b.txt')], ''))).toEqual(['Album/b.txt -> b.txt']);
  });

  it('renames a file in place, and a folder by moving every file under it', () => {
    expect(targets(planRename(index, at('', 'a.txt'), 'z.txt'))).toEqual(['a.txt -> z.txt']);
    expect(targets(planRename(index, at('Album', '2024'), '2025'))).toEqual(['Album/2024/c.txt -> Album/2025/c.txt']);
  });

  it('refuses to overwrite, to move a folder into itself, and skips no-op moves', () => {
    expect(targets(planMove(index, [at('', 'a.txt')], 'Docs'))).toBe('“Docs/a.txt” already exists');
    expect(targets(planRename(index, at('', 'Album'), 'Docs'))).toEqual(['Album/b.txt -> Docs/b.txt', 'Album/2024/c.txt -> Docs/2024/c.txt']);
    expect(targets(planMove(index, [at('', 'Album')], 'Album/2024'))).toBe('the folder “Album” cannot be moved into itself');
    expect(targets(planMove(index, [at('Album', 'b.txt')], 'Album'))).toEqual([]);
  });

  it('moves and renames the folder markers of a folder with it, its own marker to the new path', () => {
    const marker = (name: string): VaultFile => ({ key: `files/m${name}`, storedSize: 300, uploaded: '', readable: true, metadata: { name, type: FOLDER_MARKER_TYPE, size: 0, modified: 0 } });
    const kept = buildIndex([file('a.txt'), marker('Album'), file('Album/b.txt'), marker('Album/Empty'), marker('Docs')]);
    const entry = (folder: string, name: string) => entriesIn(kept, folder).find((e) => e.name === name) as Entry;
    expect(targets(planRename(kept, entry('', 'Album'), 'Photos'))).toEqual(['Album/b.txt -> Photos/b.txt', 'Album -> Photos', 'Album/Empty -> Photos/Empty']);
    expect(targets(planMove(kept, [entry('Album', 'Empty')], 'Docs'))).toEqual(['Album/Empty -> Docs/Empty']);
    // Into a folder of the same name: the folders merge, as folders of files do.
    expect(targets(planRename(kept, entry('Album', 'Empty'), 'x'))).toEqual(['Album/Empty -> Album/x']);
    expect(targets(planMove(kept, [entry('', 'Docs')], 'Album'))).toEqual(['Docs -> Album/Docs']);
  });
});
