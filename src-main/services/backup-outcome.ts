// What the backup history remembers about each backup this profile runs: the bytes it added (a
// snapshot does not record that itself) and the latest failure since the last success.
import { AppError } from '../../src-shared/errors.ts';
import type { BackupResult } from '../backup/engine/run-backup.ts';
import type { ProfilePaths } from '../store/profile.ts';
import { updateSettings } from './profile-settings.ts';

/** Years of daily backups; the oldest entry goes first, so settings.json stays small. */
export const NEW_BYTES_KEPT = 1000;

/** Not a failure of the backup: the person cancelled it, or another backup or restore was running. */
const notFailures: ReadonlySet<string> = new Set(['OPERATION_CANCELLED', 'BACKUP_ALREADY_RUNNING']);

type Paths = Pick<ProfilePaths, 'dir'>;

/** A success ends the failure streak, and with it the app's notice. */
export function recordBackupSuccess(paths: Paths, result: Pick<BackupResult, 'snapshotId' | 'bytesWritten'>): void {
  updateSettings(paths, (settings) => {
    const entries = Object.entries(settings.snapshotNewBytes).filter(([id]) => id !== result.snapshotId);
    entries.push([result.snapshotId, result.bytesWritten]);
    return {
      ...settings,
      snapshotNewBytes: Object.fromEntries(entries.slice(-NEW_BYTES_KEPT)),
      lastFailure: null,
      backupFailures: null,
    };
  });
}

/** Scheduled failures also count towards the scheduler's backoff and the notice. */
export function recordBackupFailure(paths: Paths, error: unknown, how: { readonly scheduled: boolean; readonly at?: number }): void {
  const code = error instanceof AppError ? error.code : 'INTERNAL_ERROR';
  if (notFailures.has(code)) return;
  const at = new Date(how.at ?? Date.now()).toISOString();
  updateSettings(paths, (settings) => ({
    ...settings,
    lastFailure: { at, code, scheduled: how.scheduled },
    backupFailures: how.scheduled ? { count: (settings.backupFailures?.count ?? 0) + 1, last: at, code } : settings.backupFailures,
  }));
}

/** A backup the person started: its outcome recorded either way. */
export async function recordingOutcome(paths: Paths, run: () => Promise<BackupResult>): Promise<BackupResult> {
  try {
    const result = await run();
    recordBackupSuccess(paths, result);
    return result;
  } catch (error) {
    recordBackupFailure(paths, error, { scheduled: false });
    throw error;
  }
}
