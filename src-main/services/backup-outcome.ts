// What the backup history remembers about the backups this profile runs: the bytes each added (a
// snapshot does not record that itself) and the latest failure since the last success.
import { AppError } from '../../src-shared/errors.ts';
import type { BackupResult } from '../backup/engine/run-backup.ts';
import type { ProfilePaths } from '../store/profile.ts';
import { updateSettings, type ProfileSettings } from './profile-settings.ts';

/** Years of daily backups; the oldest entry goes first, so settings.json stays small. */
export const NEW_BYTES_KEPT = 1000;

/** Not a failure of the backup: the person cancelled it, or another backup or restore was running. */
const notFailures: ReadonlySet<string> = new Set(['OPERATION_CANCELLED', 'BACKUP_ALREADY_RUNNING']);

type Paths = Pick<ProfilePaths, 'dir'>;

/**
 * The settings after a backup committed `result`: its new bytes remembered, and the failure streak
 * (with the app's notice) over. backupProfile applies it, so the CLI's backups count too.
 */
export function afterBackupSuccess(settings: ProfileSettings, result: Pick<BackupResult, 'snapshotId' | 'bytesWritten'>): ProfileSettings {
  const entries = Object.entries(settings.snapshotNewBytes).filter(([id]) => id !== result.snapshotId);
  entries.push([result.snapshotId, result.bytesWritten]);
  return { ...settings, snapshotNewBytes: Object.fromEntries(entries.slice(-NEW_BYTES_KEPT)), lastFailure: null, backupFailures: null };
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

/** A backup the person started: a failure is recorded (a success records itself in backupProfile). */
export async function recordingFailure<T>(paths: Paths, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    recordBackupFailure(paths, error, { scheduled: false });
    throw error;
  }
}
