import Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.ts';
import { migrate } from './migrate.ts';

export type Store = Database.Database;

export interface OpenStoreOptions {
  readonly readonly?: boolean;
}

/** Opens (and migrates) the message store. WAL lets workers write while the UI keeps reading. */
export function openStore(file: string, options: OpenStoreOptions = {}): Store {
  let db: Store | undefined;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
    }
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof AppError) throw error;
    const reason = (error as { code?: unknown }).code;
    throw new AppError('STORE_OPEN_FAILED', undefined, { reason: typeof reason === 'string' ? reason : 'unknown' }, { cause: error });
  }
}
