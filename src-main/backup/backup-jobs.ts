// The backup work that runs in a worker thread (or in-process, for the CLI): each job opens the
// repository with the BK it was handed, does one thing, and closes it. The handed copy is zeroed as
// soon as the repository holds its own copy in secure memory.
import type { JobContext } from '../jobs/jobs.ts';
import { profilePaths } from '../store/profile.ts';
import { openDestination, type ConnectedLocation } from './destination/open-destination.ts';
import { pruneRepository, type PruneResult } from './engine/prune.ts';
import { restoreDatabase } from './engine/restore-database.ts';
import { restoreMedia } from './engine/restore-media.ts';
import { runBackup, type BackupResult } from './engine/run-backup.ts';
import { chooseSnapshot } from './engine/snapshots.ts';
import { verifyFull } from './engine/verify-full.ts';
import type { VerifyReport } from './engine/verify-report.ts';
import { openRepository, type UnlockedRepository } from './repository/repository.ts';
import { HELD_BY_CALLER, type LockChoice } from './engine/reader-lock.ts';
import { zero } from '../crypto/sodium.ts';

export interface KeyedInput {
  readonly profileDir: string;
  /** With an S3 location's secret: a worker thread has no keystore to ask. */
  readonly location: ConnectedLocation;
  /** A copy of BK made for this job (transferred to the worker); zeroed once used. */
  readonly backupKey: Uint8Array;
  /** This profile's lock host id (§13). */
  readonly hostId: string;
  /** The caller (main thread) holds the lock this job needs, so a dead or terminated worker cannot leave it. */
  readonly lockHeld?: boolean;
}

function lockFor(input: KeyedInput): LockChoice {
  return input.lockHeld === true ? HELD_BY_CALLER : { hostId: input.hostId };
}

export async function withRepository<T>(input: KeyedInput, work: (repository: UnlockedRepository) => Promise<T>): Promise<T> {
  let repository: UnlockedRepository;
  try {
    const locked = await openRepository(openDestination(input.location));
    repository = locked.unlockWithBackupKey(input.backupKey);
  } finally {
    zero(input.backupKey);
  }
  try {
    return await work(repository);
  } finally {
    repository.close();
  }
}

export interface StagedRestore {
  readonly snapshotId: string;
  readonly file: string;
  /** 'swap': staged and checked, not yet in place; 'media': the store was already swapped (a resumed restore). */
  readonly phase: 'swap' | 'media';
}

export const backupJobs = {
  backup: (
    input: KeyedInput & { readonly appVersion: string; readonly parent: string | null; readonly includeMedia?: boolean },
    context: JobContext,
  ): Promise<BackupResult> =>
    withRepository(input, (repository) =>
      runBackup(
        {
          paths: profilePaths(input.profileDir),
          repository,
          parent: input.parent,
          appVersion: input.appVersion,
          includeMedia: input.includeMedia ?? true,
          lock: lockFor(input),
        },
        context,
      ),
    ),
  restoreDatabase: (input: KeyedInput & { readonly snapshotId: string | undefined }, context: JobContext): Promise<StagedRestore> =>
    withRepository(input, async (repository) => {
      const manifest = await chooseSnapshot(repository, input.snapshotId);
      const staged = await restoreDatabase(profilePaths(input.profileDir), repository, manifest, context);
      const phase = staged.state.phase === 'media' ? 'media' : 'swap';
      return { snapshotId: manifest.header.snapshotId, file: staged.file, phase };
    }),
  restoreMedia: (input: KeyedInput & { readonly snapshotId: string }, context: JobContext): Promise<{ files: number; bytes: number }> =>
    withRepository(input, async (repository) =>
      restoreMedia(profilePaths(input.profileDir), repository, await chooseSnapshot(repository, input.snapshotId), context),
    ),
  verify: (input: KeyedInput, context: JobContext): Promise<VerifyReport> =>
    withRepository(input, (repository) => verifyFull(repository, context, lockFor(input))),
  prune: (input: KeyedInput & { readonly keep: number }, context: JobContext): Promise<PruneResult> =>
    withRepository(input, (repository) => pruneRepository(repository, { keep: input.keep, lock: lockFor(input) }, context)),
} as const;
