// Prune on a real repository: old snapshots go, what only they referenced is deleted or repacked,
// and what is kept still verifies and restores. Packs no index lists are kept for a day (they may
// still be arriving through a sync client), and prune never runs beside another writer.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.ts';
import { backupProfile, initForProfile, openAndUnlock } from '../../../src-main/backup/backup-service.ts';
import { pruneRepository } from '../../../src-main/backup/engine/prune.ts';
import { listSnapshots } from '../../../src-main/backup/engine/snapshots.ts';
import { verifyFull } from '../../../src-main/backup/engine/verify-full.ts';
import { newObjectId } from '../../../src-main/backup/repository/repository.ts';
import { seedStore } from '../../../src-main/seed/seed-store.ts';
import { openStore } from '../../../src-main/store/open-store.ts';
import { ensureProfile } from '../../../src-main/store/profile.ts';
import { patternBytes } from '../../helpers/backup-repo.ts';
import { tempDir } from '../../helpers/profile.ts';
import { quietJob, restoreWithRecoveryKey } from '../../helpers/restore.ts';
import { dumpStore } from '../../helpers/store-dump.ts';

const quiet = quietJob;

async function repositoryWithHistory() {
  const root = tempDir();
  const paths = ensureProfile(path.join(root, 'profile'));
  await seedStore(paths, { chats: 4, messages: 3_000, mediaMb: 10, seed: 31 });
  const location = { kind: 'folder', path: path.join(root, 'repo') } as const;
  const { recoveryKey } = await initForProfile(paths, location);
  const old = await backupProfile(paths, { appVersion: 'test' }, quiet);
  // The person deletes their biggest chat: its messages and media leave the store.
  const db = openStore(paths.database);
  db.prepare('DELETE FROM chats WHERE id = (SELECT chat_id FROM messages GROUP BY chat_id ORDER BY count(*) DESC LIMIT 1)').run();
  db.close();
  const kept = await backupProfile(paths, { appVersion: 'test' }, quiet);
  return { root, paths, location, recoveryKey, old, kept };
}

describe('prune', () => {
  it('forgets old snapshots and frees what only they used; the rest verifies and restores', async () => {
    const { root, paths, location, recoveryKey, old, kept } = await repositoryWithHistory();
    const repository = await openAndUnlock(location, { kind: 'recovery-key', text: recoveryKey });
    try {
      const result = await pruneRepository(repository, { keep: 1 }, quiet);
      expect(result).toMatchObject({ snapshotsKept: 1, snapshotsRemoved: 1 });
      expect(result.packsRemoved + result.packsRepacked).toBeGreaterThan(0);
      expect(result.bytesFreed).toBeGreaterThan(0);
      expect((await listSnapshots(repository)).map((s) => s.snapshotId)).toEqual([kept.snapshotId]);
      expect((await listSnapshots(repository)).map((s) => s.snapshotId)).not.toContain(old.snapshotId);
      expect(await verifyFull(repository, quiet)).toMatchObject({ ok: true, problems: [], checked: { indexes: 1 } });
      // Pruning again finds nothing to do.
      expect(await pruneRepository(repository, { keep: 1 }, quiet)).toMatchObject({ snapshotsRemoved: 0, packsRemoved: 0, bytesFreed: 0 });
    } finally {
      repository.close();
    }
    const target = ensureProfile(path.join(root, 'restored'));
    await restoreWithRecoveryKey(target, location, recoveryKey);
    expect(dumpStore(target.database)).toEqual(dumpStore(paths.database));
  });

  it('keeps a pack no index lists for a day, then removes it', async () => {
    const { location, recoveryKey } = await repositoryWithHistory();
    const repository = await openAndUnlock(location, { kind: 'recovery-key', text: recoveryKey });
    try {
      const stray = newObjectId(); // what a backup that crashed before its index leaves behind
      await repository.putObject('pack', stray, patternBytes(100_000));
      await pruneRepository(repository, { keep: 2 }, quiet);
      expect(await repository.listObjects('pack')).toContain(stray);
      const tomorrow = () => Date.now() + 25 * 60 * 60 * 1000;
      const result = await pruneRepository(repository, { keep: 2, now: tomorrow }, quiet);
      expect(await repository.listObjects('pack')).not.toContain(stray);
      expect(result.packsRemoved).toBe(1);
      expect((await verifyFull(repository, quiet)).ok).toBe(true);
    } finally {
      repository.close();
    }
  });

  it('does not run while a backup holds the repository', async () => {
    const { location, recoveryKey } = await repositoryWithHistory();
    const repository = await openAndUnlock(location, { kind: 'recovery-key', text: recoveryKey });
    const other = await openAndUnlock(location, { kind: 'recovery-key', text: recoveryKey });
    try {
      const held = await other.acquireLock('exclusive', 'backup', { hostId: 'f'.repeat(32) });
      const error = await pruneRepository(repository, { keep: 1 }, quiet).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'BACKUP_REPOSITORY_BUSY', details: { operation: 'backup' } });
      expect((await listSnapshots(repository)).length).toBe(2);
      await held.release();
    } finally {
      repository.close();
      other.close();
    }
  });
});
