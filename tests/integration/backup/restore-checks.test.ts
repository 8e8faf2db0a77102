// Every check a restore makes before it replaces the store, each made to fail on purpose. The
// snapshots here are written by a deliberately wrong writer (the real repository API with BK, so
// everything authenticates): only the restore's own checks stand between them and the store.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.ts';
import { initForProfile, openAndUnlock } from '../../../src-main/backup/backup-service.ts';
import { PackWriter } from '../../../src-main/backup/engine/pack-writer.ts';
import { snapshotStore } from '../../../src-main/backup/engine/store-snapshot.ts';
import { fixedChunks } from '../../../src-main/backup/format/chunk-stream.ts';
import { ManifestWriter } from '../../../src-main/backup/format/manifest-writer.ts';
import { newObjectId, type UnlockedRepository } from '../../../src-main/backup/repository/repository.ts';
import { chunkId, deriveChunkIdKey } from '../../../src-main/crypto/kdf.ts';
import { seedStore } from '../../../src-main/seed/seed-store.ts';
import { latestVersion } from '../../../src-main/store/migrations/index.ts';
import { ensureProfile } from '../../../src-main/store/profile.ts';
import { tempDir } from '../../helpers/profile.ts';
import { restoreWithRecoveryKey } from '../../helpers/restore.ts';
import { dumpStore } from '../../helpers/store-dump.ts';

interface Forged {
  readonly database: Buffer;
  readonly sha256?: string;
  readonly schemaVersion?: number;
  readonly counts: { chats: number; messages: number; attachments: number };
}

/** Stores `database` as a snapshot's database, with whatever manifest fields the test wants. */
async function writeSnapshot(repository: UnlockedRepository, forged: Forged): Promise<string> {
  const key = deriveChunkIdKey(repository.backupKey);
  const packs = new PackWriter(repository);
  const chunks: { id: Buffer; size: number }[] = [];
  for await (const bytes of fixedChunks([forged.database], 1024 * 1024)) {
    const id = chunkId(key, bytes);
    chunks.push({ id, size: bytes.length });
    await packs.add({ chunkId: id, type: 'database', raw: bytes, compress: true });
  }
  await packs.finish();
  const manifest = new ManifestWriter();
  manifest.database({
    name: 'companion.db',
    size: forged.database.length,
    sha256: forged.sha256 ?? createHash('sha256').update(forged.database).digest('hex'),
    schemaVersion: forged.schemaVersion ?? latestVersion,
    counts: forged.counts,
  });
  for (const chunk of chunks) manifest.chunk(chunk.id, chunk.size);
  const snapshotId = newObjectId();
  const created = new Date().toISOString();
  await repository.putObject(
    'snapshot',
    snapshotId,
    manifest.finish({ snapshotId, created, app: 'a wrong writer', host: 'test', parent: null }),
  );
  return snapshotId;
}

/** The fullest page (1-based) of a table or index in a database image. */
function pageOf(database: Buffer, name: string): number {
  const file = path.join(tempDir(), 'probe.db');
  writeFileSync(file, database);
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT pageno AS page FROM dbstat WHERE name = ? ORDER BY ncell DESC LIMIT 1').get(name) as { page: number }).page;
  } finally {
    db.close();
  }
}

async function setUp() {
  const root = tempDir();
  const source = ensureProfile(path.join(root, 'source'));
  await seedStore(source, { chats: 2, messages: 400, mediaMb: 0, seed: 41 });
  const location = { kind: 'folder', path: path.join(root, 'repo') } as const;
  const { recoveryKey } = await initForProfile(source, location);
  const portable = await snapshotStore(source);
  const database = readFileSync(portable.file);
  await portable.remove();
  const target = ensureProfile(path.join(root, 'target'));
  await seedStore(target, { chats: 1, messages: 20, mediaMb: 0, seed: 42 });
  const repository = await openAndUnlock(location, { kind: 'recovery-key', text: recoveryKey });
  return { source, location, recoveryKey, database, counts: portable.counts, target, repository, before: dumpStore(target.database) };
}

async function restoreFails(setup: Awaited<ReturnType<typeof setUp>>, forged: Forged): Promise<AppError> {
  const snapshotId = await writeSnapshot(setup.repository, forged);
  const error = await restoreWithRecoveryKey(setup.target, setup.location, setup.recoveryKey, { snapshotId }).catch(
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${JSON.stringify(error)}`);
  // Whatever failed, the store is the one the person had, and no staged copy stays behind.
  expect(dumpStore(setup.target.database)).toEqual(setup.before);
  expect(existsSync(path.join(setup.target.dir, 'restore'))).toBe(false);
  return error;
}

describe('the checks before a restored store replaces the current one', () => {
  it('pass for an honest snapshot (the forger itself is right)', async () => {
    const setup = await setUp();
    const snapshotId = await writeSnapshot(setup.repository, { database: setup.database, counts: setup.counts });
    await restoreWithRecoveryKey(setup.target, setup.location, setup.recoveryKey, { snapshotId });
    expect(dumpStore(setup.target.database)).toEqual(dumpStore(setup.source.database));
    setup.repository.close();
  });

  it('refuse row counts that differ from the manifest', async () => {
    const setup = await setUp();
    const counts = { ...setup.counts, messages: setup.counts.messages + 1 };
    const error = await restoreFails(setup, { database: setup.database, counts });
    expect(error).toMatchObject({
      code: 'RESTORE_CHECK_FAILED',
      details: { check: 'counts', table: 'messages', expected: counts.messages },
    });
    setup.repository.close();
  });

  it('refuse a database whose sha256 is not the manifest one', async () => {
    const setup = await setUp();
    const error = await restoreFails(setup, { database: setup.database, counts: setup.counts, sha256: '0'.repeat(64) });
    expect(error).toMatchObject({ code: 'RESTORE_CHECK_FAILED', details: { check: 'sha256' } });
    setup.repository.close();
  });

  it('refuse a database that is not in portable form, or not SQLite at all', async () => {
    const setup = await setUp();
    const raw = readFileSync(setup.source.database);
    expect(await restoreFails(setup, { database: raw, counts: setup.counts })).toMatchObject({ details: { check: 'rebuild' } });
    const noise = Buffer.alloc(64 * 1024, 0x5a);
    expect(await restoreFails(setup, { database: noise, counts: setup.counts })).toMatchObject({
      code: 'RESTORE_CHECK_FAILED',
      details: { check: 'rebuild' },
    });
    setup.repository.close();
  });

  it('refuse a database with a damaged page: in what the rebuild reads, and in what only integrity_check reads', async () => {
    const setup = await setUp();
    const damage = (page: number): Buffer => {
      const copy = Buffer.from(setup.database);
      // Cells sit at the end of a page: scribble from past the header and cell pointers to the end.
      copy.fill(0xff, (page - 1) * 4096 + 200, page * 4096);
      return copy;
    };
    // A messages page: rebuilding the indexes and the FTS reads every message.
    const messagesPage = pageOf(setup.database, 'messages');
    expect(await restoreFails(setup, { database: damage(messagesPage), counts: setup.counts })).toMatchObject({
      code: 'RESTORE_CHECK_FAILED',
      details: { check: 'rebuild', reason: 'SQLITE_CORRUPT' },
    });
    // The chats' unique index is kept in the portable form and never read by the rebuild.
    const chatsIndexPage = pageOf(setup.database, 'sqlite_autoindex_chats_1');
    expect(await restoreFails(setup, { database: damage(chatsIndexPage), counts: setup.counts })).toMatchObject({
      code: 'RESTORE_CHECK_FAILED',
      details: { check: 'integrity' },
    });
    setup.repository.close();
  });

  it('refuse a store from a newer version, and leave it for a newer Companion', async () => {
    const setup = await setUp();
    const error = await restoreFails(setup, { database: setup.database, counts: setup.counts, schemaVersion: latestVersion + 1 });
    expect(error).toMatchObject({ code: 'STORE_NEWER_VERSION', details: { found: latestVersion + 1, supported: latestVersion } });
    setup.repository.close();
  });
});
