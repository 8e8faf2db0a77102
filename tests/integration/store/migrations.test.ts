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
