import type { Migration } from './migration.ts';

/**
 * The fingerprint uniqueness moves from an inline UNIQUE (an automatic index SQLite will not drop)
 * to a named unique index. Backups leave every index out of the database they store and rebuild
 * them on restore: fingerprints are random, so their index changes all over on every import and
 * would otherwise make each backup re-upload most of the database. SQLite cannot drop a table
 * constraint, so the table is rebuilt (its ids, and with them the FTS rowids, are kept).
 */
export const namedFingerprintIndex: Migration = {
  version: 2,
  name: 'named unique index for message fingerprints',
  foreignKeysOff: true,
  up(db) {
    db.exec(`
      CREATE TABLE messages_v2 (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
        -- Dense 0-based position in time order: lets the UI fetch any window of a huge chat by index.
        seq INTEGER NOT NULL,
        sender_id INTEGER REFERENCES participants(id),
        sent_at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('text', 'media', 'system', 'deleted')),
        body TEXT NOT NULL,
        -- Hash of (time, sender, body, occurrence): makes re-importing the same export a no-op.
        fingerprint BLOB NOT NULL
      );
      INSERT INTO messages_v2 (id, chat_id, seq, sender_id, sent_at, kind, body, fingerprint)
        SELECT id, chat_id, seq, sender_id, sent_at, kind, body, fingerprint FROM messages ORDER BY id;
      DROP TABLE messages;
      ALTER TABLE messages_v2 RENAME TO messages;
      CREATE UNIQUE INDEX messages_fingerprint ON messages (chat_id, fingerprint);
      CREATE INDEX messages_by_chat_seq ON messages (chat_id, seq);
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
        INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
      END;
    `);
  },
};
