// A restore as the CLI does it (the caller holds no connection to the store), for tests that only
// care about what comes back.
import { restoreProfile, type ConnectedLocation } from '../../src-main/backup/backup-service.ts';
import type { JobRunner } from '../../src-main/backup/job-runner.ts';
import type { JobContext } from '../../src-main/jobs/jobs.ts';
import { openStore } from '../../src-main/store/open-store.ts';
import type { ProfilePaths } from '../../src-main/store/profile.ts';
import { replaceStoreFile } from '../../src-main/store/store-swap.ts';

/** No progress wanted, never cancelled. */
export const quietJob: JobContext = { signal: new AbortController().signal, onProgress: () => undefined };

export function restoreWithRecoveryKey(
  target: ProfilePaths,
  location: ConnectedLocation,
  recoveryKey: string,
  options: { readonly snapshotId?: string; readonly context?: JobContext; readonly runner?: JobRunner } = {},
) {
  return restoreProfile(
    target,
    {
      location,
      unlock: { kind: 'recovery-key', text: recoveryKey },
      snapshotId: options.snapshotId,
      runner: options.runner,
      swap: (staged) => Promise.resolve(replaceStoreFile(target, staged, openStore)),
    },
    options.context ?? quietJob,
  );
}
