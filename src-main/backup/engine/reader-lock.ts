// The shared lock a reader (restore, verify) takes so that prune cannot delete what it reads. On a
// read-only destination (a drive mounted read-only, a copy on read-only media) no lock can be
// written, but no writer can delete anything either, so reading goes ahead without one.
import { AppError } from '../../../src-shared/errors.ts';
import { createLogger } from '../../log.ts';
import type { LockOptions, UnlockedRepository } from '../repository/repository.ts';

const log = createLogger('backup.reader-lock');

export interface ReaderLock {
  release(): Promise<void>;
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
