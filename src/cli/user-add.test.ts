import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createUserStore } from '../server/users.ts';
import { readUsersFile } from '../server/users-file.ts';
import { runUserAdd } from './user-add.ts';

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
}

/** A fresh folder for a test's users file, removed after the test. */
async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'coffer-users-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('coffer user add', () => {
  it('prints a new token once and stores only its hash', async () => {
    const file = join(await scratch(), 'users.json');
    const { out, io } = capture();
    expect(runUserAdd(['alice'], { COFFER_USERS_FILE: file }, io)).toBe(0);
    const token = out.stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(token);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(createUserStore(readUsersFile(file)).authenticate(token)?.id).toBe('alice');
  });

  it('refuses an existing user unless --replace, which revokes the old token', async () => {
    const file = join(await scratch(), 'users.json');
    const first = capture();
    runUserAdd(['bob', '--file', file], {}, first.io);
    const again = capture();
    expect(runUserAdd(['bob', '--file', file], {}, again.io)).toBe(1);
    expect(again.out.stderr).toContain('already exists');
    const replaced = capture();
    expect(runUserAdd(['bob', '--file', file, '--replace'], {}, replaced.io)).toBe(0);
    const store = createUserStore(readUsersFile(file));
    expect(store.authenticate(first.out.stdout.trim())).toBeUndefined();
    expect(store.authenticate(replaced.out.stdout.trim())?.id).toBe('bob');
  });

  it('refuses bad names and usage with a one-line message', () => {
    for (const args of [[], ['Alice'], ['a', 'b'], ['a', '--nope']]) {
      const { out, io } = capture();
      expect(runUserAdd(args, {}, io)).toBe(2);
      expect(out.stdout).toBe('');
    }
  });
});
