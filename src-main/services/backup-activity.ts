// One backup or restore at a time on this computer, whoever starts it (the person, the scheduler):
// a restore swaps the store a backup is reading, and two backups would only race for the lock.
import { AppError } from '../../src-shared/errors.ts';

export type BackupActivityKind = 'backup' | 'restore';

export class BackupActivity {
  #current: BackupActivityKind | null = null;

  get current(): BackupActivityKind | null {
    return this.#current;
  }

  /** BACKUP_ALREADY_RUNNING (naming what runs) when another one is under way. */
  async run<T>(kind: BackupActivityKind, work: () => Promise<T>): Promise<T> {
    if (this.#current !== null) throw new AppError('BACKUP_ALREADY_RUNNING', undefined, { running: this.#current, requested: kind });
    this.#current = kind;
    try {
      return await work();
    } finally {
      this.#current = null;
    }
  }
}
