// Owns the main process's connection to the message store. A restore replaces the database file
// underneath it, so handlers always ask the holder for the current connection.
import { openStore, type Store } from './open-store.ts';

export class StoreHolder {
  private readonly file: string;
  private current: Store;

  constructor(file: string) {
    this.file = file;
    this.current = openStore(file);
  }

  get db(): Store {
    return this.current;
  }

  /** Closes the store, lets `change` swap files while nothing holds them open, then reopens it. */
  async replace(change: () => Promise<void>): Promise<void> {
    // Fold the WAL into the main file so the -wal/-shm files can be left behind safely.
    this.current.pragma('wal_checkpoint(TRUNCATE)');
    this.current.close();
    try {
      await change();
    } finally {
      this.current = openStore(this.file);
    }
  }

  close(): void {
    if (this.current.open) this.current.close();
  }
}
