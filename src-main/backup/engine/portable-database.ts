// The database as a backup stores it (docs/backup-format.md §12.1): base tables only, compacted in
// rowid order. Indexes, triggers and full-text tables are derived data that change all over the file
// on every import (fingerprints are random); leaving them out keeps an incremental backup down to
// the pages that really changed. Their exact DDL is kept in one table, and restore replays it.
import Database from 'better-sqlite3';

export const REBUILD_TABLE = 'companion_backup_rebuild';

interface SchemaObject {
  readonly type: 'table' | 'index' | 'trigger';
  readonly name: string;
  readonly sql: string;
}

/** Virtual tables first (indexes and triggers may refer to them), then indexes, then triggers. */
const ORDER: Readonly<Record<SchemaObject['type'], number>> = { table: 0, index: 1, trigger: 2 };

function derivedObjects(db: Database.Database): SchemaObject[] {
  // Automatic indexes have no SQL and belong to their table; shadow tables of FTS belong to it.
  const rows = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_schema
       WHERE sql IS NOT NULL AND (type IN ('index', 'trigger') OR (type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'))`,
    )
    .all() as SchemaObject[];
  return rows.sort((a, b) => ORDER[a.type] - ORDER[b.type] || a.name.localeCompare(b.name));
}

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Turns a private copy of the store into its portable form, in place. */
export function makePortable(file: string): void {
  const db = new Database(file);
  try {
    db.exec(`CREATE TABLE ${REBUILD_TABLE} (seq INTEGER PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, sql TEXT NOT NULL)`);
    const objects = derivedObjects(db);
    const record = db.prepare(`INSERT INTO ${REBUILD_TABLE} (seq, type, name, sql) VALUES (?, ?, ?, ?)`);
    db.transaction(() => {
      objects.forEach((object, seq) => record.run(seq, object.type, object.name, object.sql));
      // Triggers first: dropping a table drops its triggers, and a later DROP TRIGGER would then fail.
      for (const object of [...objects].reverse())
        db.exec(`DROP ${object.type === 'table' ? 'TABLE' : object.type.toUpperCase()} ${quoteName(object.name)}`);
    })();
    db.pragma('journal_mode = DELETE');
    db.exec('VACUUM');
  } finally {
    db.close();
  }
}

/** Restores the derived objects a portable database left out, and rebuilds full-text tables from their content. */
export function rebuildFromPortable(file: string): void {
  const db = new Database(file);
  try {
    const objects = db.prepare(`SELECT type, name, sql FROM ${REBUILD_TABLE} ORDER BY seq`).all() as SchemaObject[];
    db.transaction(() => {
      for (const object of objects) {
        db.exec(object.sql);
        // External-content FTS5 tables index what their content table holds.
        if (object.type === 'table' && /USING\s+fts5/i.test(object.sql)) {
          db.prepare(`INSERT INTO ${quoteName(object.name)} (${quoteName(object.name)}) VALUES ('rebuild')`).run();
        }
      }
      db.exec(`DROP TABLE ${REBUILD_TABLE}`);
    })();
  } finally {
    db.close();
  }
}
