// The failures a person meets, made to happen for real: a wrong or mistyped recovery key, a full or
// read-only backup drive (a small tmpfs, mounted where the machine allows it: Linux as root, which
// is how CI runs), and a second backup while one is running. Each gives its own code, and the
// repository stays valid: it verifies, and the earlier snapshot still restores.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.ts';
import { backupProfile, destinationOf, initForProfile, openAndUnlock } from '../../../src-main/backup/backup-service.ts';
import { verifyFull } from '../../../src-main/backup/engine/verify-full.ts';
import { verifyStructure } from '../../../src-main/backup/engine/verify-structure.ts';
import { seedStore } from '../../../src-main/seed/seed-store.ts';
import { ensureProfile } from '../../../src-main/store/profile.ts';
import { canMountTmpfs, mountTmpfs, tempFolder } from '../../helpers/backup-repo.ts';
import { tempDir } from '../../helpers/profile.ts';
import { quietJob, restoreWithRecoveryKey } from '../../helpers/restore.ts';
import { dumpStore } from '../../helpers/store-dump.ts';

const quiet = quietJob;
const canMount = canMountTmpfs();

async function caught(work: () => Promise<unknown>): Promise<AppError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

async function setUp(repoDir: string, media = { messages: 1_500, mediaMb: 1 }) {
  const root = tempDir();
  const paths = ensureProfile(path.join(root, 'source'));
  await seedStore(paths, { chats: 3, messages: media.messages, mediaMb: media.mediaMb, seed: 11 });
  const location = { kind: 'folder', path: repoDir } as const;
  const { recoveryKey } = await initForProfile(paths, location);
  return { root, paths, location, recoveryKey };
}

const restoreWith = restoreWithRecoveryKey;

/** verify (structure and full) passes, and the newest snapshot restores what was backed up. */
async function expectRepositoryValid(
  location: { kind: 'folder'; path: string },
  recoveryKey: string,
  expected: ReturnType<typeof dumpStore>,
) {
  expect((await verifyStructure(destinationOf(location), quiet)).problems).toEqual([]);
  const repository = await openAndUnlock(location, { kind: 'recovery-key', text: recoveryKey });
  try {
    expect((await verifyFull(repository, quiet)).problems).toEqual([]);
  } finally {
    repository.close();
  }
  const target = ensureProfile(path.join(tempDir(), 'check'));
  await restoreWith(target, location, recoveryKey);
  expect(dumpStore(target.database)).toEqual(expected);
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

describe('backup failures', () => {
  it('tells a wrong recovery key from a mistyped one, and touches nothing', async () => {
    const { root, paths, location, recoveryKey } = await setUp(path.join(tempDir(), 'repo'));
    await backupProfile(paths, { appVersion: 'test' }, quiet);
    const target = ensureProfile(path.join(root, 'target'));
    await seedStore(target, { chats: 1, messages: 10, mediaMb: 0, seed: 2 });
    const before = dumpStore(target.database);

    const other = await initForProfile(ensureProfile(path.join(root, 'other')), { kind: 'folder', path: path.join(root, 'other-repo') });
    expect((await caught(() => restoreWith(target, location, other.recoveryKey))).code).toBe('RECOVERY_KEY_WRONG');

    // One symbol changed: the check digit catches it before any key is derived.
    const symbols = recoveryKey.split('');
    const at = symbols.findIndex((symbol) => symbol !== '-');
    symbols[at] = symbols[at] === '7' ? '8' : '7';
    const typo = await caught(() => restoreWith(target, location, symbols.join('')));
    expect(typo).toMatchObject({ code: 'RECOVERY_KEY_TYPO', details: { problem: 'check' } });
    expect((await caught(() => restoreWith(target, location, recoveryKey.slice(0, -3)))).details).toMatchObject({ problem: 'length' });

    expect(dumpStore(target.database)).toEqual(before);
    // Case, spaces and dashes are forgiven.
    await restoreWith(target, location, ` ${recoveryKey.toLowerCase().replaceAll('-', ' ')} `);
    expect(dumpStore(target.database)).toEqual(dumpStore(paths.database));
  });

  it('refuses a second backup while one runs, naming the holder, and leaves a valid repository', async () => {
    const { paths, location, recoveryKey } = await setUp(path.join(tempDir(), 'repo'), { messages: 5_000, mediaMb: 24 });
    const first = backupProfile(paths, { appVersion: 'test' }, quiet);
    // The second starts once the first holds its lock (it is a file in locks/).
    while (safeList(path.join(location.path, 'locks')).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const error = await caught(() => backupProfile(paths, { appVersion: 'test' }, quiet));
    expect(error).toMatchObject({ code: 'BACKUP_REPOSITORY_BUSY', details: { operation: 'backup', mode: 'exclusive' } });
    expect(error.message).toContain(`"${hostname()}"`);
    await first;
    await expectRepositoryValid(location, recoveryKey, dumpStore(paths.database));
    await backupProfile(paths, { appVersion: 'test' }, quiet); // the lock was released
  });

  it.runIf(canMount)('reports a full backup drive as BACKUP_DESTINATION_FULL and keeps the earlier backup (real tmpfs)', async () => {
    const repoDir = await tempFolder(); // unmounted before it is removed
    mountTmpfs(repoDir, 'size=3m');
    const { paths, location, recoveryKey } = await setUp(repoDir, { messages: 1_500, mediaMb: 0.5 });
    await backupProfile(paths, { appVersion: 'test' }, quiet);
    const backedUp = dumpStore(paths.database);
    await seedStore(paths, { chats: 1, messages: 100, mediaMb: 6, seed: 12 });

    const error = await caught(() => backupProfile(paths, { appVersion: 'test' }, quiet));
    expect(error.code).toBe('BACKUP_DESTINATION_FULL');
    await expectRepositoryValid(location, recoveryKey, backedUp);
  });

  it.runIf(canMount)(
    'reports a read-only backup drive as BACKUP_DESTINATION_UNWRITABLE and keeps the earlier backup (real tmpfs)',
    async () => {
      const repoDir = await tempFolder(); // unmounted before it is removed
      mountTmpfs(repoDir, 'size=16m');
      const { paths, location, recoveryKey } = await setUp(repoDir);
      await backupProfile(paths, { appVersion: 'test' }, quiet);
      const backedUp = dumpStore(paths.database);
      await seedStore(paths, { chats: 1, messages: 100, mediaMb: 0, seed: 13 });
      execFileSync('mount', ['-o', 'remount,ro', repoDir]);

      expect((await caught(() => backupProfile(paths, { appVersion: 'test' }, quiet))).code).toBe('BACKUP_DESTINATION_UNWRITABLE');
      // Reading needs no write access: verify and restore work on the read-only drive (without a lock,
      // which nobody could write there, and which no writer could break).
      await expectRepositoryValid(location, recoveryKey, backedUp);
    },
  );
});
