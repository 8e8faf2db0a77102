// Taking the repository lock (§13) for an engine step. A reader's shared lock keeps prune from
// deleting what it reads; on a read-only destination (a drive mounted read-only, a copy on
// read-only media) no lock can be written, but no writer can delete anything either, so reading
// goes ahead without one.
import { AppError } from '../../../src-shared/errors.ts';
import { createLogger } from '../../log.ts';
import type { LockOptions, UnlockedRepository } from '../repository/repository.ts';

const log = createLogger('backup.reader-lock');

export interface ReaderLock {
  release(): Promise<void>;
}

/**
 * How an engine step is told about its lock: options to take one itself, or HELD_BY_CALLER when the
 * caller (the app's main thread, around a worker job) holds it, so a worker that dies or is
 * terminated on cancel cannot leave it behind.
 */
export const HELD_BY_CALLER = 'held-by-caller';
export type LockChoice = LockOptions | typeof HELD_BY_CALLER | undefined;

const heldElsewhere: ReaderLock = { release: () => Promise.resolve() };

export async function takeLock(
  repository: UnlockedRepository,
  mode: 'exclusive' | 'shared',
  operation: string,
  choice: LockChoice,
): Promise<ReaderLock> {
  if (choice === HELD_BY_CALLER) return heldElsewhere;
  return mode === 'shared' ? acquireReaderLock(repository, operation, choice) : repository.acquireLock(mode, operation, choice);
}

export async function acquireReaderLock(repository: UnlockedRepository, operation: string, options?: LockOptions): Promise<ReaderLock> {
  try {
    return await repository.acquireLock('shared', operation, options);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'BACKUP_DESTINATION_UNWRITABLE') throw error;
    log.warn('read-only destination: reading without a lock', { operation });
    return { release: () => Promise.resolve() };
  }
}
