// Moving to a new computer with a backup in a bucket, through the handler table as the renderer
// drives it: set up and back up on one profile; on an empty one, unlock with the recovery key (the
// secret typed again), restore, and from then on back up there without being asked for the secret.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedStore } from '../../../src-main/seed/seed-store.ts';
import { ensureProfile } from '../../../src-main/store/profile.ts';
import { handlerHostOk } from '../../helpers/handler-host.ts';
import { tempDir } from '../../helpers/profile.ts';
import { s3Location, useS3Server } from '../../helpers/s3-server.ts';

const s3 = useS3Server();

describe('an S3 backup over IPC', () => {
  it('sets up, backs up, and restores on a new computer that then backs up to the same bucket', async () => {
    const root = tempDir();
    const sourceDir = path.join(root, 'source');
    await seedStore(ensureProfile(sourceDir), { chats: 3, messages: 800, mediaMb: 2, seed: 6 });
    const source = handlerHostOk(sourceDir);
    const location = s3Location(s3(), { prefix: 'ipc' });
    const { recoveryKey } = await source<{ recoveryKey: string }>('setUpBackup', { location });
    const first = await source<{ snapshotId: string }>('backUpNow', {});

    const fresh = handlerHostOk(path.join(root, 'new-computer'));
    const { sessionId, snapshots } = await fresh<{ sessionId: string; snapshots: { snapshotId: string }[] }>('unlockBackup', {
      location,
      unlock: { kind: 'recovery-key', recoveryKey },
    });
    expect(snapshots.map((snapshot) => snapshot.snapshotId)).toEqual([first.snapshotId]);
    expect(await fresh('restoreBackup', { sessionId })).toMatchObject({ snapshotId: first.snapshotId, messages: 800 });
    const { secretAccessKey, ...stored } = location;
    expect(secretAccessKey).toBe('S3RVER');
    expect(await fresh('getBackupStatus', {})).toMatchObject({ location: { ...stored, secretSaved: true }, keyCached: true });
    const next = await fresh<{ snapshotId: string; newChunks: number }>('backUpNow', {});
    expect((await fresh<{ snapshots: unknown[] }>('listBackupSnapshots', {})).snapshots).toHaveLength(2);
    expect(next.newChunks).toBeLessThan(5);
    expect(await fresh('verifyBackup', { full: false })).toMatchObject({ mode: 'structure', ok: true });
  });
});
