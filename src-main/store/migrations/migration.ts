import type { Database } from 'better-sqlite3';

export interface Migration {
  /** Becomes PRAGMA user_version once applied; numbered 1, 2, 3… without gaps. */
  readonly version: number;
  readonly name: string;
  /**
   * Runs with foreign keys off (SQLite's procedure for rebuilding a table: with them on, dropping the
   * old table would cascade-delete its children). They are checked before the migration commits.
   */
  readonly foreignKeysOff?: boolean;
  up(db: Database): void;
}
