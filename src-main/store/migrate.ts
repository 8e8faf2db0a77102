import type { Database } from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.ts';
import { latestVersion, migrations } from './migrations/index.ts';
import type { Migration } from './migrations/migration.ts';

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema up to `target`, one migration per transaction, so a crash leaves the store at
 * a whole version. A store from a newer build is refused, never "repaired".
 */
export function migrate(db: Database, target = latestVersion, registry: readonly Migration[] = migrations): void {
  const current = schemaVersion(db);
  if (current > registry.length) {
    throw new AppError('STORE_NEWER_VERSION', undefined, { found: current, supported: registry.length });
  }
  for (const migration of registry.slice(current, target)) {
    // foreign_keys cannot change inside a transaction, so it is switched around it.
    const restoreForeignKeys = migration.foreignKeysOff === true && db.pragma('foreign_keys', { simple: true }) === 1;
    if (migration.foreignKeysOff === true) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        migration.up(db);
        if (migration.foreignKeysOff === true && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
          throw new Error(`migration ${migration.version} broke a foreign key`);
        }
        db.pragma(`user_version = ${migration.version}`);
      })();
    } finally {
      if (restoreForeignKeys) db.pragma('foreign_keys = ON');
    }
  }
}
