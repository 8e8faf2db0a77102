import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.ts';
import { migrate, schemaVersion } from '../../../src-main/store/migrate.ts';
import { latestVersion, migrations } from '../../../src-main/store/migrations/index.ts';
import type { Migration } from '../../../src-main/store/migrations/migration.ts';
import { openStore } from '../../../src-main/store/open-store.ts';
import { tempDir } from '../../helpers/profile.ts';

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') ORDER BY name").all() as { name: string }[]).map(
    (row) => row.name,
  );
}

describe('schema migrations', () => {
  it('numbers migrations 1..N without gaps', () => {
    expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_, index) => index + 1));
  });

  it('migration 1 creates the message store on an empty database file', () => {
    const db = new Database(path.join(tempDir(), 'store.db'));
    migrate(db, 1);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'chats',
        'participants',
        'messages',
        'attachments',
        'messages_fts',
        'messages_fts_delete',
        'messages_fts_update',
      ]),
    );
    db.prepare("INSERT INTO chats (import_key, title, created_at) VALUES ('k', 'Chat', 0)").run();
    db.prepare(
      "INSERT INTO messages (chat_id, seq, sent_at, kind, body, fingerprint) VALUES (1, 0, 0, 'text', 'ferry times', x'00')",
    ).run();
    db.prepare('INSERT INTO messages_fts (rowid, body) SELECT id, body FROM messages').run();
    expect(db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'ferry'").all()).toHaveLength(1);
    db.prepare('DELETE FROM messages').run();
    expect(db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'ferry'").all()).toHaveLength(0);
    db.close();
  });

  it('migration 2 moves fingerprint uniqueness to a named index and keeps every row, child and FTS entry', () => {
    const db = new Database(path.join(tempDir(), 'store.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, 1);
    db.prepare("INSERT INTO chats (import_key, title, created_at) VALUES ('k', 'Chat', 0)").run();
    const insert = db.prepare(
      "INSERT INTO messages (id, chat_id, seq, sent_at, kind, body, fingerprint) VALUES (?, 1, ?, 0, 'text', ?, ?)",
    );
    insert.run(10, 0, 'ferry times', Buffer.from([1]));
    insert.run(20, 1, 'harbour lights', Buffer.from([2]));
    db.prepare("INSERT INTO attachments (message_id, file_name, status) VALUES (20, 'IMG-1.jpg', 'omitted')").run();
    db.prepare('INSERT INTO messages_fts (rowid, body) SELECT id, body FROM messages').run();
    const before = db.prepare('SELECT * FROM messages ORDER BY id').all();

    migrate(db, 2);

    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT * FROM messages ORDER BY id').all()).toEqual(before);
    expect(db.prepare('SELECT message_id FROM attachments').all()).toEqual([{ message_id: 20 }]);
    expect(db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'harbour'").all()).toEqual([{ rowid: 20 }]);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages'").all();
    expect(indexes).toEqual(expect.arrayContaining([{ name: 'messages_fingerprint' }, { name: 'messages_by_chat_seq' }]));
    expect(indexes).not.toContainEqual({ name: 'sqlite_autoindex_messages_1' });
    expect(() => insert.run(30, 2, 'again', Buffer.from([1]))).toThrow(/UNIQUE/);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.prepare('DELETE FROM messages WHERE id = 20').run();
    expect(db.prepare('SELECT count(*) AS n FROM attachments').get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'harbour'").all()).toEqual([]);
    db.close();
  });

  it('refuses a store written by a newer version, without touching it', () => {
    const file = path.join(tempDir(), 'store.db');
    const db = new Database(file);
    db.pragma(`user_version = ${latestVersion + 1}`);
    db.close();
    let caught: unknown;
    try {
      openStore(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('STORE_NEWER_VERSION');
    expect((caught as AppError).details).toEqual({ found: latestVersion + 1, supported: latestVersion });
    const after = new Database(file);
    expect(schemaVersion(after)).toBe(latestVersion + 1);
    after.close();
  });

  it('rolls a failing migration back to the previous whole version', () => {
    const db = new Database(path.join(tempDir(), 'store.db'));
    const failing: Migration = {
      version: 2,
      name: 'fails halfway',
      up(database) {
        database.exec('CREATE TABLE half_done (id INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, 2, [...migrations.slice(0, 1), failing])).toThrow('boom');
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('half_done');
    db.close();
  });

  it('opens a store that is not a database with STORE_OPEN_FAILED', async () => {
    const file = path.join(tempDir(), 'store.db');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'this is not sqlite'.repeat(100));
    expect(() => openStore(file)).toThrow(expect.objectContaining({ code: 'STORE_OPEN_FAILED' }) as Error);
  });
});
