// A whole restore: messages first (staged and checked in a job, swapped in by the caller, who owns
// the store's connection), then media, so the chats are usable while media continue. The shared
// lock is held across both jobs. Run it again after an interruption and it picks up where it stopped.
import type { JobContext } from '../../jobs/jobs.ts';
import type { ProfilePaths } from '../../store/profile.ts';
import type { KeyedInput } from '../backup-jobs.ts';
import type { JobRunner } from '../job-runner.ts';
import type { UnlockedRepository } from '../repository/repository.ts';
import { acquireReaderLock } from './reader-lock.ts';
import { clearRestore, readRestoreState, writeRestoreState } from './restore-state.ts';
import { readManifest } from './snapshots.ts';

export interface RestoreOptions {
  readonly paths: ProfilePaths;
  readonly repository: UnlockedRepository;
  readonly keyed: () => KeyedInput;
  readonly runner: JobRunner;
  /** Default: the snapshot an interrupted restore was working on, else the newest. */
  readonly snapshotId?: string;
  /** Puts the verified staged database in place of the store (the caller owns the connection). */
  readonly swap: (staged: string) => Promise<void>;
  /** The messages are in place; media follow. */
  readonly onMessagesRestored?: () => void;
  /** Runs one named step (the journal records each); default: just runs it. */
  readonly step?: <T>(name: 'stage-database' | 'swap' | 'restore-media', work: () => Promise<T>) => Promise<T>;
}

export interface RestoreResult {
  readonly snapshotId: string;
  readonly created: string;
  readonly chats: number;
  readonly messages: number;
  readonly mediaFiles: number;
  readonly bytes: number;
  readonly resumed: boolean;
  readonly seconds: number;
}

export async function runRestore(options: RestoreOptions, context: JobContext): Promise<RestoreResult> {
  const started = Date.now();
  const { paths, repository, runner } = options;
  const lock = await acquireReaderLock(repository, 'restore', { hostId: options.keyed().hostId });
  try {
    const pending = readRestoreState(paths);
    const resumable = pending?.repositoryId === repository.config.repositoryId ? pending : null;
    const snapshotId = options.snapshotId ?? resumable?.snapshotId;
    const step = options.step ?? ((_name, work) => work());
    const staged = await step('stage-database', () => runner('restoreDatabase', { ...options.keyed(), snapshotId }, context));
    if (staged.phase === 'swap') {
      await step('swap', () => options.swap(staged.file));
      const state = readRestoreState(paths);
      if (state !== null) writeRestoreState(paths, { ...state, phase: 'media' });
    }
    options.onMessagesRestored?.();
    const media = await step('restore-media', () => runner('restoreMedia', { ...options.keyed(), snapshotId: staged.snapshotId }, context));
    clearRestore(paths);
    const manifest = await readManifest(repository, staged.snapshotId);
    const { counts } = manifest.database.record;
    return {
      snapshotId: staged.snapshotId,
      created: manifest.header.created,
      chats: counts.chats,
      messages: counts.messages,
      mediaFiles: media.files,
      bytes: manifest.header.totals.bytes,
      resumed: resumable?.snapshotId === staged.snapshotId,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await lock.release();
  }
}
