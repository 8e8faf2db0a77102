import type { Migration } from './migration.ts';

export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema: chats, participants, messages, attachments, full-text search',
  up(db) {
    db.exec(`
      CREATE TABLE chats (
        id INTEGER PRIMARY KEY,
        -- Identity across re-imports of the same chat (derived from the export's name).
        import_key TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE participants (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
        display_name TEXT NOT NULL,
        UNIQUE (chat_id, display_name)
      );

      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
        -- Dense 0-based position in time order: lets the UI fetch any window of a huge chat by index.
        seq INTEGER NOT NULL,
        sender_id INTEGER REFERENCES participants(id),
        sent_at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('text', 'media', 'system', 'deleted')),
        body TEXT NOT NULL,
        -- Hash of (time, sender, body, occurrence): makes re-importing the same export a no-op.
        fingerprint BLOB NOT NULL,
        UNIQUE (chat_id, fingerprint)
      );
      CREATE INDEX messages_by_chat_seq ON messages (chat_id, seq);

      CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,
        mime TEXT,
        size INTEGER,
        sha256 TEXT,
        status TEXT NOT NULL CHECK (status IN ('stored', 'omitted', 'missing'))
      );
      CREATE INDEX attachments_by_message ON attachments (message_id);
      CREATE INDEX attachments_by_sha256 ON attachments (sha256);

      CREATE VIRTUAL TABLE messages_fts USING fts5(
        body, content = 'messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
      );
      -- No insert trigger: ChatWriter indexes new rows in one INSERT … SELECT, about 6x faster
      -- than a trigger per row on a large import. Deletes and edits keep the index in step.
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
