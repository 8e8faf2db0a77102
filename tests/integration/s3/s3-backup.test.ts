// Backups to a bucket through the service layer, as the app and the CLI make them, against a real
// S3-protocol server in its own process: back up, restore into an empty profile, verify; and a
// server killed in the middle of an upload, which must commit nothing, and whose uploaded packs the
// next backup reuses once the server is back.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupProfile, initForProfile, type ConnectedLocation } from '../../../src-main/backup/backup-service.ts';
import { openDestination } from '../../../src-main/backup/destination/open-destination.ts';
import type { BackupResult } from '../../../src-main/backup/engine/run-backup.ts';
import { verifyFull } from '../../../src-main/backup/engine/verify-full.ts';
import { verifyStructure } from '../../../src-main/backup/engine/verify-structure.ts';
import { openRepository } from '../../../src-main/backup/repository/repository.ts';
import { ensureProfile, type ProfilePaths } from '../../../src-main/store/profile.ts';
import { fileTempDir, jobContext, mediaFiles, seededProfile, storeDigest } from '../../helpers/backup-fixture.ts';
import { restoreWithRecoveryKey } from '../../helpers/restore.ts';
import { s3Location, startS3Server, type S3TestServer } from '../../helpers/s3-server.ts';

let server: S3TestServer;
let source: ProfilePaths;
let root: string;
/** The first full backup of `source`, to compare what a resumed one uploads. */
let full: BackupResult;

beforeAll(async () => {
  server = await startS3Server();
  root = fileTempDir('companion-s3-backup-');
  // About 7 packs: the kill comes after the first checkpoint index (4 packs), with 3 still to go.
  source = await seededProfile(path.join(root, 'source'), { chats: 4, messages: 6000, mediaMb: 120, seed: 11 });
}, 120_000);
afterAll(async () => {
  await server.dispose();
});

async function verifyWithKey(location: ConnectedLocation, recoveryKey: string) {
  const repository = (await openRepository(openDestination(location))).unlockWithRecoveryKey(recoveryKey);
  try {
    return await verifyFull(repository, jobContext());
  } finally {
    repository.close();
  }
}

async function snapshotsIn(location: ConnectedLocation): Promise<string[]> {
  return openDestination(location).list('snapshots');
}

describe('backups to an S3 bucket', () => {
  it('backs up a seeded store, restores it into an empty profile, and verifies (structure and key)', async () => {
    const location = s3Location(server, { prefix: 'round-trip' });
    const { recoveryKey } = await initForProfile(source, location);
    full = await backupProfile(source, { appVersion: 'test' }, jobContext());
    expect(full.bytesWritten).toBeGreaterThan(100 * 1024 * 1024);
    expect(await snapshotsIn(location)).toEqual([`snapshots/${full.snapshotId}`]);

    const target = ensureProfile(path.join(root, 'new-computer'));
    const restored = await restoreWithRecoveryKey(target, location, recoveryKey);
    expect(restored.snapshotId).toBe(full.snapshotId);
    expect(storeDigest(target.database)).toEqual(storeDigest(source.database));
    expect(mediaFiles(target)).toEqual(mediaFiles(source));
    // The new computer now backs up to the same bucket, with the secret it saved while restoring.
    const next = await backupProfile(target, { appVersion: 'test' }, jobContext());
    expect(next.newChunks).toBeLessThan(next.chunks / 10);

    expect(await verifyStructure(openDestination(location), jobContext())).toMatchObject({ ok: true, problems: [] });
    const report = await verifyWithKey(location, recoveryKey);
    expect(report).toMatchObject({ mode: 'full', ok: true, problems: [] });
    expect(report.checked['snapshots']).toBe(2);
  }, 180_000);

  it('a server killed mid-upload fails the backup with a clear code and commits nothing; the next backup reuses the uploaded packs', async () => {
    const location = s3Location(server, { prefix: 'killed' });
    const profile = source;
    const { recoveryKey } = await initForProfile(profile, location);
    let killed: Promise<void> | undefined;
    // s3rver keeps each object as files under <dir>/<bucket>/<key>: the first index is the checkpoint.
    const indexes = path.join(server.dir, location.bucket, location.prefix, 'index');
    // s3rver writes an object's metadata once its content is complete; a metadata file that does not
    // parse yet is still being written (killing s3rver then leaves a store it cannot list). Watched on
    // a timer, not on progress events: those come every 200 ms, and the rest can be uploaded sooner.
    const checkpointed = (): boolean => {
      if (!existsSync(indexes)) return false;
      return readdirSync(indexes).some((file) => {
        if (!file.endsWith('_S3rver_metadata.json')) return false;
        try {
          JSON.parse(readFileSync(path.join(indexes, file), 'utf8'));
          return true;
        } catch {
          return false;
        }
      });
    };
    const watcher = setInterval(() => {
      if (killed === undefined && checkpointed()) killed = server.kill();
    }, 5);
    const failure = await backupProfile(profile, { appVersion: 'test' }, jobContext())
      .then(
        () => null,
        (error: unknown) => error as { code?: string },
      )
      .finally(() => clearInterval(watcher));
    expect(killed).toBeDefined();
    await killed;
    expect(failure?.code).toBe('S3_SERVER_UNREACHABLE');

    await server.restart();
    expect(await snapshotsIn(location)).toEqual([]);
    expect(await verifyStructure(openDestination(location), jobContext())).toMatchObject({ ok: true, problems: [] });

    const resumed = await backupProfile(profile, { appVersion: 'test' }, jobContext());
    // Checkpoint indexes kept most of what went up before the kill.
    expect(resumed.bytesWritten).toBeLessThan(full.bytesWritten * 0.6);
    expect(resumed.newChunks).toBeLessThan(resumed.chunks);
    expect(await snapshotsIn(location)).toEqual([`snapshots/${resumed.snapshotId}`]);
    const report = await verifyWithKey(location, recoveryKey);
    expect(report).toMatchObject({ ok: true, problems: [] });

    const target = ensureProfile(path.join(root, 'after-kill'));
    await restoreWithRecoveryKey(target, location, recoveryKey);
    expect(storeDigest(target.database)).toEqual(storeDigest(profile.database));
  }, 240_000);
});
