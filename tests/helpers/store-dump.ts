// Row-for-row fingerprints of a message store and its media folder, to compare a restored profile
// with the one that was backed up. Each table is hashed in primary-key order (every column, blobs as
// bytes). The full-text index is compared by its complete content (every term, document, column and
// position, read through fts5vocab) rather than by its b-tree bytes, which depend on how often it
// was merged: a restore rebuilds it in one go.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ProfilePaths } from '../../src-main/store/profile.ts';

const QUERIES: Readonly<Record<string, string>> = {
  chats: 'SELECT * FROM chats ORDER BY id',
  participants: 'SELECT * FROM participants ORDER BY id',
  messages: 'SELECT * FROM messages ORDER BY id',
  attachments: 'SELECT * FROM attachments ORDER BY id',
  ftsDocsize: 'SELECT * FROM messages_fts_docsize ORDER BY id',
  ftsPostings: 'SELECT term, doc, col, offset FROM temp.fts_postings ORDER BY term, doc, col, offset',
};

export interface StoreDump {
  readonly rows: Readonly<Record<string, number>>;
  readonly hashes: Readonly<Record<string, string>>;
  readonly integrity: string;
}

export function dumpStore(file: string): StoreDump {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.exec("CREATE VIRTUAL TABLE temp.fts_postings USING fts5vocab(main, messages_fts, 'instance')");
    db.exec("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
    const rows: Record<string, number> = {};
    const hashes: Record<string, string> = {};
    for (const [table, query] of Object.entries(QUERIES)) {
      const hash = createHash('sha256');
      let count = 0;
      for (const row of db.prepare(query).raw().iterate() as Iterable<unknown[]>) {
        for (const value of row) hash.update(Buffer.isBuffer(value) ? value : `${typeof value}:${String(value)}`).update('\u0000');
        count += 1;
      }
      rows[table] = count;
      hashes[table] = hash.digest('hex');
    }
    return { rows, hashes, integrity: String(db.pragma('integrity_check', { simple: true })) };
  } finally {
    db.close();
  }
}

/** sha256 → file bytes' sha256, for every file in the media folder. */
export function dumpMedia(paths: ProfilePaths): Record<string, string> {
  const out: Record<string, string> = {};
  for (const prefix of safeList(paths.media)) {
    for (const name of safeList(path.join(paths.media, prefix))) {
      out[name] = createHash('sha256')
        .update(readFileSync(path.join(paths.media, prefix, name)))
        .digest('hex');
    }
  }
  return out;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
