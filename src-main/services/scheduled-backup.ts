// One scheduled backup as the app runs it: the backup, then retention, then its outcome (the failure
// count the scheduler's backoff and the app's notice read, the history's records). Wires the
// scheduler to an app context.
import { AppError } from '../../src-shared/errors.ts';
import { backupProfile, withProfileRepository } from '../backup/backup-service.ts';
import { inWorker, type JobRunner } from '../backup/job-runner.ts';
import type { JobContext } from '../jobs/jobs.ts';
import type { AppContext } from './app-context.ts';
import { BackupScheduler, systemClock, type Clock } from './backup-scheduler.ts';
import { recordBackupFailure } from './backup-outcome.ts';
import { readSettings } from './profile-settings.ts';

const unattended: JobContext = { signal: new AbortController().signal, onProgress: () => undefined };

export async function runScheduledBackup(context: AppContext, runner: JobRunner = inWorker, now: () => number = Date.now): Promise<void> {
  const { paths } = context;
  const keystore = { sealer: context.host.keystore };
  try {
    await context.activity.run('backup', async () => {
      const { schedule } = readSettings(paths);
      await backupProfile(
        paths,
        { appVersion: context.host.version, runner, includeMedia: schedule.includeMedia, ...keystore },
        unattended,
      );
      if (schedule.keep !== null) {
        const keep = schedule.keep;
        await withProfileRepository(paths, { ...keystore, lock: { mode: 'exclusive', operation: 'prune' } }, (keyed) =>
          runner('prune', { ...keyed(), keep }, unattended),
        );
      }
    });
  } catch (error) {
    // Someone else's backup or restore is not this one failing: the scheduler simply looks again later.
    if (error instanceof AppError && error.code === 'BACKUP_ALREADY_RUNNING') return;
    recordBackupFailure(paths, error, { scheduled: true, at: now() });
    throw error;
  }
}

/** The scheduler for an app context: due from the settings, busy while a backup or restore runs. */
export function createBackupScheduler(context: AppContext, clock: Clock = systemClock, runner: JobRunner = inWorker): BackupScheduler {
  return new BackupScheduler({
    clock,
    state: () => {
      const settings = readSettings(context.paths);
      const frequency = settings.backupRepository === null ? 'off' : settings.schedule.frequency;
      const failures =
        settings.backupFailures === null ? null : { count: settings.backupFailures.count, last: settings.backupFailures.last };
      return { frequency, lastSuccess: settings.lastBackup?.finishedAt ?? null, failures };
    },
    backUp: () => runScheduledBackup(context, runner, () => clock.now()),
    busy: () => context.activity.current !== null,
  });
}
