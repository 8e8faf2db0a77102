// A whole restore: messages first (staged, checked, swapped in), then media, so the chats are usable
// while media continue. Run it again after an interruption and it picks up where it stopped.
import type { JobContext } from '../../jobs/jobs.ts';
import type { ProfilePaths } from '../../store/profile.ts';
import type { LockOptions, UnlockedRepository } from '../repository/repository.ts';
import { restoreDatabase } from './restore-database.ts';
import { restoreMedia } from './restore-media.ts';
import { clearRestore, readRestoreState, writeRestoreState } from './restore-state.ts';
import { chooseSnapshot } from './snapshots.ts';

export interface RestoreOptions {
  readonly paths: ProfilePaths;
  readonly repository: UnlockedRepository;
  /** Default: the snapshot an interrupted restore was working on, else the newest. */
  readonly snapshotId?: string;
  readonly lock?: LockOptions;
  /** Puts the verified staged database in place of the store (the caller owns the connection). */
  readonly swap: (staged: string) => Promise<void>;
  /** The messages are in place; media follow. */
  readonly onMessagesRestored?: () => void;
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
  const { paths, repository } = options;
  const lock = await repository.acquireLock('shared', 'restore', options.lock);
  try {
    const pending = readRestoreState(paths);
    const resumable = pending?.repositoryId === repository.config.repositoryId ? pending : null;
    const manifest = await chooseSnapshot(repository, options.snapshotId ?? resumable?.snapshotId);
    const resumed = resumable?.snapshotId === manifest.header.snapshotId;
    const staged = await restoreDatabase(paths, repository, manifest, context);
    if (staged.state.phase === 'swap') {
      await options.swap(staged.file);
      writeRestoreState(paths, { ...staged.state, phase: 'media' });
    }
    options.onMessagesRestored?.();
    const media = await restoreMedia(paths, repository, manifest, context);
    clearRestore(paths);
    const { counts } = manifest.database.record;
    return {
      snapshotId: manifest.header.snapshotId,
      created: manifest.header.created,
      chats: counts.chats,
      messages: counts.messages,
      mediaFiles: media.files,
      bytes: manifest.header.totals.bytes,
      resumed,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await lock.release();
  }
}
