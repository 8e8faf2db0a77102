// Backup and restore end to end on real SQLite files, real media and a real folder repository:
// the restored store matches row for row (FTS index included) and media byte for byte, and a second
// backup after a small change writes only what changed.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupProfile, initForProfile } from '../../../src-main/backup/backup-service.ts';
import { inWorker } from '../../../src-main/backup/job-runner.ts';
import { seedStore } from '../../../src-main/seed/seed-store.ts';
import { mediaPath } from '../../../src-main/store/media-store.ts';
import { ensureProfile, type ProfilePaths } from '../../../src-main/store/profile.ts';
import { dumpMedia, dumpStore } from '../../helpers/store-dump.ts';
import { tempDir } from '../../helpers/profile.ts';
import { quietJob, restoreWithRecoveryKey } from '../../helpers/restore.ts';

const quiet = quietJob;

function newProfile(root: string, name: string): ProfilePaths {
  return ensureProfile(path.join(root, name));
}

async function seededProfile(root: string, options = { chats: 8, messages: 20_000, mediaMb: 16, seed: 7 }) {
  const paths = newProfile(root, 'source');
  await seedStore(paths, options);
  const location = { kind: 'folder', path: path.join(root, 'repo') } as const;
  const { recoveryKey } = await initForProfile(paths, location);
  return { paths, location, recoveryKey };
}

describe('backup and restore', () => {
  it('restores into an empty profile row for row, FTS included, and media byte for byte', async () => {
    const root = tempDir();
    const { paths, location, recoveryKey } = await seededProfile(root);
    const progress: number[] = [];
    const backup = await backupProfile(
      paths,
      { appVersion: 'test', runner: inWorker },
      { ...quiet, onProgress: (p) => progress.push(p.bytesDone) },
    );
    expect(backup.mediaMissing).toBe(0);
    expect(progress.at(-1)).toBe(backup.bytesScanned);

    const target = newProfile(root, 'new-computer');
    const phases = new Set<string>();
    const restored = await restoreWithRecoveryKey(target, location, recoveryKey, {
      context: { ...quiet, onProgress: (p) => phases.add(p.phase) },
    });

    expect(restored).toMatchObject({ snapshotId: backup.snapshotId, resumed: false });
    expect(phases).toEqual(new Set(['messages', 'media']));
    const original = dumpStore(paths.database);
    expect(original.rows['messages']).toBeGreaterThan(19_000);
    expect(original.rows['attachments']).toBeGreaterThan(0);
    expect(dumpStore(target.database)).toEqual(original);
    expect(dumpMedia(target)).toEqual(dumpMedia(paths));
    expect(Object.keys(dumpMedia(target)).length).toBeGreaterThan(0);
  });

  it('backs up the media that are there and counts the ones missing from the media folder', async () => {
    const root = tempDir();
    const { paths, location, recoveryKey } = await seededProfile(root, { chats: 2, messages: 2_000, mediaMb: 24, seed: 3 });
    const names = Object.keys(dumpMedia(paths)).sort();
    expect(names.length).toBeGreaterThan(3);
    for (const name of names.slice(0, 2)) rmSync(mediaPath(paths, name));

    const backup = await backupProfile(paths, { appVersion: 'test', runner: inWorker }, quiet);
    expect(backup.mediaMissing).toBe(2);
    expect(backup.files).toBe(1 + names.length - 2);
    const target = newProfile(root, 'new-computer');
    await restoreWithRecoveryKey(target, location, recoveryKey);
    expect(dumpMedia(target)).toEqual(dumpMedia(paths));
  });

  it('writes under 5% of the first backup after 1% new messages', async () => {
    const root = tempDir();
    const { paths } = await seededProfile(root, { chats: 16, messages: 20_000, mediaMb: 24, seed: 3 });
    const first = await backupProfile(paths, { appVersion: 'test' }, quiet);
    await seedStore(paths, { chats: 1, messages: 200, mediaMb: 0, seed: 99 });
    const second = await backupProfile(paths, { appVersion: 'test' }, quiet);

    expect(second.newChunks).toBeGreaterThan(0);
    expect(second.bytesWritten / first.bytesWritten).toBeLessThan(0.05);
  });

  it('does not read again the media its parent snapshot holds, and restores them from its chunks', async () => {
    const root = tempDir();
    const { paths, location, recoveryKey } = await seededProfile(root, { chats: 3, messages: 1_000, mediaMb: 12, seed: 8 });
    await backupProfile(paths, { appVersion: 'test' }, quiet);
    const original = dumpMedia(paths);
    // Damage every media file on disk, same size: a backup that read them would store the damage
    // (and the restore's sha256 check would refuse it).
    const files = Object.keys(original).map((sha256) => mediaPath(paths, sha256));
    for (const file of files) {
      const bytes = readFileSync(file);
      bytes.fill(0x55, 0, Math.min(bytes.length, 4096));
      writeFileSync(file, bytes);
    }
    const second = await backupProfile(paths, { appVersion: 'test' }, quiet);
    // Nothing was read from the damaged files: only the manifest (and any changed database page) is new.
    expect(second.bytesWritten).toBeLessThan(1024 * 1024);
    expect(second.files).toBe(1 + files.length);

    const target = newProfile(root, 'new-computer');
    expect((await restoreWithRecoveryKey(target, location, recoveryKey)).snapshotId).toBe(second.snapshotId);
    expect(dumpMedia(target)).toEqual(original);
  });

  it('restores an older snapshot on request, and the newest by default', async () => {
    const root = tempDir();
    const { paths, location, recoveryKey } = await seededProfile(root, { chats: 3, messages: 2_000, mediaMb: 2, seed: 5 });
    const older = await backupProfile(paths, { appVersion: 'test' }, quiet);
    const before = dumpStore(paths.database);
    await seedStore(paths, { chats: 1, messages: 50, mediaMb: 0, seed: 6 });
    await backupProfile(paths, { appVersion: 'test' }, quiet);

    const latest = newProfile(root, 'latest');
    expect((await restoreWithRecoveryKey(latest, location, recoveryKey)).messages).toBe(2_050);
    expect(dumpStore(latest.database)).toEqual(dumpStore(paths.database));

    const pinned = newProfile(root, 'pinned');
    await restoreWithRecoveryKey(pinned, location, recoveryKey, { snapshotId: older.snapshotId });
    expect(dumpStore(pinned.database)).toEqual(before);
  });
});
