import { copyFileSync, existsSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChatWriter } from '../../../src-main/store/chat-writer.ts';
import { openStore } from '../../../src-main/store/open-store.ts';
import { ensureProfile, type ProfilePaths } from '../../../src-main/store/profile.ts';
import { readStats } from '../../../src-main/store/read-chats.ts';
import { StoreHolder } from '../../../src-main/store/store-holder.ts';
import { confirmSwap, swapInStagedStore } from '../../../src-main/store/store-swap.ts';
import { textMessage } from '../../helpers/messages.ts';
import { tempDir, tempProfile } from '../../helpers/profile.ts';

/** A closed store file with `messages` messages in one chat. */
function storeWith(file: string, messages: number): void {
  const db = openStore(file);
  db.exec('BEGIN');
  const writer = new ChatWriter(db, { importKey: 'c', title: 'C' });
  for (let i = 0; i < messages; i += 1) writer.add(textMessage({ sentAt: i * 1000, body: `m${i}` }));
  writer.finish();
  db.exec('COMMIT');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

function messagesIn(paths: ProfilePaths): number {
  const db = openStore(paths.database);
  try {
    return readStats(db).messages;
  } finally {
    db.close();
  }
}

function stagedStore(messages: number): string {
  const file = path.join(tempDir(), 'staged.db');
  storeWith(file, messages);
  return file;
}

describe('swapping a restored store into place', () => {
  it('replaces the store and removes the previous one once confirmed', () => {
    const paths = tempProfile();
    storeWith(paths.database, 2);
    swapInStagedStore(paths, stagedStore(5));
    expect(messagesIn(paths)).toBe(5);
    expect(existsSync(`${paths.database}.before-restore`)).toBe(true);
    confirmSwap(paths);
    expect(existsSync(`${paths.database}.before-restore`)).toBe(false);
    expect(existsSync(path.join(paths.dir, 'restore-swap.json'))).toBe(false);
  });

  it('brings the previous store back at start-up when a crash stopped the swap half-way', () => {
    const paths = tempProfile();
    storeWith(paths.database, 2);
    const staged = stagedStore(5);
    // What a crash between "old store moved aside" and "new store moved in" leaves behind.
    writeFileSync(path.join(paths.dir, 'restore-swap.json'), JSON.stringify({ staged }));
    copyFileSync(paths.database, `${paths.database}.before-restore`);
    rmSync(paths.database);
    ensureProfile(paths.dir);
    expect(messagesIn(paths)).toBe(2);
    expect(existsSync(path.join(paths.dir, 'restore-swap.json'))).toBe(false);
  });

  it('keeps the write-ahead log of the previous store when a crash came between moving it and moving the main file', () => {
    const paths = tempProfile();
    // A store whose latest writes are still only in its WAL (copied while its writer was open).
    const live = openStore(path.join(tempDir(), 'live.db'));
    live.pragma('wal_autocheckpoint = 0');
    const writer = new ChatWriter(live, { importKey: 'c', title: 'C' });
    for (let i = 0; i < 3; i += 1) writer.add(textMessage({ sentAt: i * 1000, body: `m${i}` }));
    writer.finish();
    copyFileSync(live.name, paths.database);
    copyFileSync(`${live.name}-wal`, `${paths.database}-wal`);
    live.close();
    const staged = stagedStore(5);
    writeFileSync(path.join(paths.dir, 'restore-swap.json'), JSON.stringify({ staged }));
    renameSync(`${paths.database}-wal`, `${paths.database}.before-restore-wal`); // sidecars step aside first

    ensureProfile(paths.dir);

    expect(messagesIn(paths)).toBe(3);
    expect(existsSync(`${paths.database}.before-restore-wal`)).toBe(false);
  });

  it('finishes the clean-up at start-up when a crash came after the new store was in place', () => {
    const paths = tempProfile();
    storeWith(paths.database, 2);
    swapInStagedStore(paths, stagedStore(5));
    ensureProfile(paths.dir);
    expect(messagesIn(paths)).toBe(5);
    expect(existsSync(`${paths.database}.before-restore`)).toBe(false);
  });

  it('lets the app swap the store under an open connection', async () => {
    const paths = tempProfile();
    storeWith(paths.database, 2);
    const holder = new StoreHolder(paths.database);
    holder.db.prepare("INSERT INTO chats (import_key, title, created_at) VALUES ('x', 'X', 0)").run(); // leaves a WAL behind
    const staged = stagedStore(7);
    await holder.replace(() => Promise.resolve(swapInStagedStore(paths, staged)));
    expect(readStats(holder.db).messages).toBe(7);
    holder.close();
  });
});

describe('profile start-up', () => {
  it('removes scratch files a killed backup left behind, and keeps young ones', () => {
    const paths = tempProfile();
    const stale = path.join(paths.tmp, 'snapshot-0123456789abcdef.db');
    const young = path.join(paths.tmp, 'snapshot-fedcba9876543210.db');
    writeFileSync(stale, 'a plaintext copy of the store');
    writeFileSync(young, 'a running backup');
    const dayAgo = new Date(Date.now() - 24 * 60 * 60 * 1000);
    utimesSync(stale, dayAgo, dayAgo);
    ensureProfile(paths.dir);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(young)).toBe(true);
  });
});
