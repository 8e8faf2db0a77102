// Where backup jobs run: in a worker thread for the app (the main event loop must stay responsive),
// or in-process for the CLI and tests that want one process. Both take the same inputs.
import type { JobContext } from '../jobs/jobs.ts';
import { runJob } from '../jobs/run-job.ts';
import { backupJobs } from './backup-jobs.ts';
import { BACKUP_WORKER_LIMITS } from './worker-limits.ts';

type BackupJobs = typeof backupJobs;
export type BackupJobName = keyof BackupJobs;
type Input<N extends BackupJobName> = Parameters<BackupJobs[N]>[0];
type Output<N extends BackupJobName> = Awaited<ReturnType<BackupJobs[N]>>;

export type JobRunner = <N extends BackupJobName>(name: N, input: Input<N>, context: JobContext) => Promise<Output<N>>;

export const inProcess: JobRunner = (name, input, context) =>
  (backupJobs[name] as (i: typeof input, c: JobContext) => Promise<never>)(input, context);

/** BK's copy is transferred, not cloned: the main thread keeps no stray copy of it. */
export const inWorker: JobRunner = (name, input, context) =>
  runJob(name, input as never, {
    signal: context.signal,
    onProgress: context.onProgress,
    transfer: [input.backupKey.buffer as ArrayBuffer],
    resourceLimits: BACKUP_WORKER_LIMITS,
  });
