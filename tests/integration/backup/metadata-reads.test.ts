// Indexes and manifests are small objects that each cost a round trip on a bucket: a backup, a
// restore and the snapshot list read them a few at a time, not one after the other, and the result
// is what a one-by-one read returns. The destination is a real folder with every read and stat slowed.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { backupProfile, initForProfile } from '../../../src-main/backup/backup-service.ts';
import type { Destination } from '../../../src-main/backup/destination/destination.ts';
import { createFolderDestination } from '../../../src-main/backup/destination/folder.ts';
import { loadIndexes } from '../../../src-main/backup/engine/load-indexes.ts';
import { INDEX_READS_IN_FLIGHT, MANIFEST_READS_IN_FLIGHT } from '../../../src-main/backup/engine/map-limited.ts';
import { listReadableSnapshots, listSnapshots, readManifest } from '../../../src-main/backup/engine/snapshots.ts';
import { verifyStructure } from '../../../src-main/backup/engine/verify-structure.ts';
import { openRepository } from '../../../src-main/backup/repository/repository.ts';
import { seedStore } from '../../../src-main/seed/seed-store.ts';
import { ensureProfile } from '../../../src-main/store/profile.ts';
import { tempDir } from '../../helpers/profile.ts';
import { quietJob } from '../../helpers/restore.ts';

/** The folder, with each whole-object read and each stat taking 20 ms more; counts how many run at once. */
function slowReads(inner: Destination) {
  const reads = { running: 0, most: 0 };
  const slowly = async <T>(work: () => Promise<T>): Promise<T> => {
    reads.running += 1;
    reads.most = Math.max(reads.most, reads.running);
    try {
      await sleep(20);
      return await work();
    } finally {
      reads.running -= 1;
    }
  };
  const getBytes: Destination['getBytes'] = (name, reuse) => slowly(() => inner.getBytes(name, reuse));
  const stat: Destination['stat'] = (name) => slowly(() => inner.stat(name));
  const destination = new Proxy(inner, {
    get: (target, property) => {
      if (property === 'getBytes') return getBytes;
      if (property === 'stat') return stat;
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { destination, reads };
}

describe('repository metadata reads', () => {
  it('reads indexes and manifests a few at a time, in listing order', async () => {
    const root = tempDir();
    const paths = ensureProfile(path.join(root, 'profile'));
    const repo = path.join(root, 'repo');
    const { recoveryKey } = await initForProfile(paths, { kind: 'folder', path: repo });
    // Each backup after new messages writes one more index and one more snapshot.
    for (let seed = 1; seed <= 5; seed++) {
      await seedStore(paths, { chats: 1, messages: 200, mediaMb: 0, seed });
      await backupProfile(paths, { appVersion: 'test' }, quietJob);
    }

    const { destination, reads } = slowReads(createFolderDestination(repo));
    const repository = (await openRepository(destination)).unlockWithRecoveryKey(recoveryKey);
    try {
      const indexIds = await repository.listObjects('index');
      expect(indexIds.length).toBe(5);
      reads.most = 0;
      const indexes = await loadIndexes(repository);
      expect(indexes.map((loaded) => Buffer.from(loaded.indexId).toString('hex'))).toEqual(indexIds);
      expect(reads.most).toBeGreaterThan(1);
      expect(reads.most).toBe(Math.min(INDEX_READS_IN_FLIGHT, indexIds.length));

      const snapshotIds = await repository.listObjects('snapshot');
      reads.most = 0;
      const listed = await listSnapshots(repository);
      expect(reads.most).toBeGreaterThan(1);
      expect(reads.most).toBe(Math.min(MANIFEST_READS_IN_FLIGHT, snapshotIds.length));
      // What reading them one by one gives, oldest first.
      const oneByOne: { snapshotId: string; created: string }[] = [];
      for (const id of snapshotIds) oneByOne.push((await readManifest(repository, id)).header);
      oneByOne.sort((a, b) => a.created.localeCompare(b.created));
      expect(listed.map((summary) => summary.snapshotId)).toEqual(oneByOne.map((header) => header.snapshotId));
      expect((await listReadableSnapshots(repository)).snapshots).toEqual(listed);

      // verify without a key sizes every object first (for its progress): several stats at once.
      reads.most = 0;
      const report = await verifyStructure(destination, quietJob);
      expect(report).toMatchObject({ ok: true, problems: [] });
      expect(reads.most).toBeGreaterThan(1);
    } finally {
      repository.close();
    }
  });
});
