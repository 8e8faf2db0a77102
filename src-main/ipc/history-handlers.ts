// getBackupHistory: this profile's snapshots newest first, each with the bytes it added when this
// profile made it, plus the last success and the last failure from the profile settings.
import { AppError } from '../../src-shared/errors.ts';
import { openAndUnlock, resolveLocation } from '../backup/backup-service.ts';
import { byCode, listReadableSnapshots, type SnapshotSummary } from '../backup/engine/snapshots.ts';
import { createLogger } from '../log.ts';
import type { AppContext } from '../services/app-context.ts';
import { readSettings } from '../services/profile-settings.ts';
import type { Handlers } from './dispatch.ts';

const log = createLogger('backup.history');

export function createHistoryHandlers(context: AppContext): Pick<Handlers, 'getBackupHistory'> {
  const { paths } = context;
  const keystore = { sealer: context.host.keystore };

  /**
   * The snapshots that can be read and those that cannot, or the code that says why none can be
   * listed right now (a missing S3 secret too).
   */
  const readSnapshots = async (): Promise<{
    snapshots: SnapshotSummary[];
    unreadable: { snapshotId: string; code: string }[];
    error: { code: string } | null;
  }> => {
    if (readSettings(paths).backupRepository === null) throw new AppError('BACKUP_NOT_CONFIGURED');
    try {
      const location = await resolveLocation(paths, undefined, keystore);
      const repository = await openAndUnlock(location, { kind: 'cached', paths }, keystore);
      try {
        const { snapshots, unreadable } = await listReadableSnapshots(repository);
        return { snapshots, unreadable: byCode(unreadable), error: null };
      } finally {
        repository.close();
      }
    } catch (error) {
      if (!(error instanceof AppError)) log.error('listing snapshots failed', error);
      return { snapshots: [], unreadable: [], error: { code: error instanceof AppError ? error.code : 'INTERNAL_ERROR' } };
    }
  };

  return {
    getBackupHistory: async () => {
      const listed = await readSnapshots();
      // Read after listing: a backup that finished meanwhile is then counted in both.
      const settings = readSettings(paths);
      const last = settings.lastBackup;
      return {
        snapshots: listed.snapshots.toReversed().map((snapshot) => ({
          snapshotId: snapshot.snapshotId,
          created: snapshot.created,
          bytes: snapshot.bytes,
          newBytes: settings.snapshotNewBytes[snapshot.snapshotId] ?? null,
          counts: snapshot.counts,
        })),
        unreadableSnapshots: listed.unreadable,
        lastSuccess: last === null ? null : { at: last.finishedAt, snapshotId: last.snapshotId },
        lastFailure: settings.lastFailure,
        snapshotsError: listed.error,
      };
    },
  };
}
