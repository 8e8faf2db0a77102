// Restore, part 1: rebuild the snapshot's database in a staging file and prove it whole before
// anything touches the profile's store: the file's sha256 (which covers every chunk), PRAGMA
// integrity_check and the manifest's row counts. Resumable chunk by chunk.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { AppError } from '../../../src-shared/errors.ts';
import type { JobContext } from '../../jobs/jobs.ts';
import { latestVersion } from '../../store/migrations/index.ts';
import type { ProfilePaths } from '../../store/profile.ts';
import { readStats } from '../../store/read-chats.ts';
import type { ManifestChunk, SnapshotManifest } from '../format/manifest-schema.ts';
import type { UnlockedRepository } from '../repository/repository.ts';
import { ChunkFetcher } from './chunk-fetcher.ts';
import { rebuildFromPortable } from './portable-database.ts';
import { loadChunkLocator } from './load-indexes.ts';
import { throttledProgress } from './progress.ts';
import { clearRestore, readRestoreState, stagingDatabase, writeRestoreState, type RestoreState } from './restore-state.ts';

/** Persist progress about every 32 MiB: what a crash can cost, at most. */
const checkpointBytes = 32 * 1024 * 1024;

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(piece as Buffer);
  return hash.digest('hex');
}

function checkFailed(check: string, details: Record<string, string | number> = {}): AppError {
  return new AppError('RESTORE_CHECK_FAILED', undefined, { check, ...details });
}

interface Window {
  /** Each chunk with the file offset it goes to. */
  readonly chunks: { readonly chunk: ManifestChunk; readonly at: number }[];
  /** The checkpoint after it: chunks and bytes done. */
  readonly end: number;
  readonly endBytes: number;
}

/** The chunks after the last checkpoint, up to the next one (about checkpointBytes), with the offset each goes to. */
function nextWindow(chunks: readonly ManifestChunk[], from: Pick<RestoreState, 'databaseChunks' | 'databaseBytes'>): Window {
  const window: Window['chunks'] = [];
  let end = from.databaseChunks;
  let endBytes = from.databaseBytes;
  while (end < chunks.length && endBytes - from.databaseBytes < checkpointBytes) {
    const chunk = chunks[end];
    if (chunk === undefined) break;
    window.push({ chunk, at: endBytes });
    endBytes += chunk.size;
    end += 1;
  }
  return { chunks: window, end, endBytes };
}

/** Indexes, triggers and full-text tables, left out of the stored database (§12.1). */
function rebuildStaged(file: string): void {
  try {
    rebuildFromPortable(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw checkFailed('rebuild', { reason: typeof code === 'string' ? code : 'unknown' });
  }
}

/** Opens the staged copy read-only and checks it as SQLite and against the manifest. */
function checkStagedStore(file: string, manifest: SnapshotManifest): void {
  const { record } = manifest.database;
  if (record.schemaVersion > latestVersion) {
    throw new AppError('STORE_NEWER_VERSION', undefined, { found: record.schemaVersion, supported: latestVersion });
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw checkFailed('integrity');
    const counts = readStats(db);
    for (const key of ['chats', 'messages', 'attachments'] as const) {
      if (counts[key] !== record.counts[key]) throw checkFailed('counts', { table: key, found: counts[key], expected: record.counts[key] });
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: unknown }).code;
    throw checkFailed('open', { reason: typeof code === 'string' ? code : 'unknown' });
  } finally {
    db?.close();
  }
}

export interface StagedDatabase {
  readonly file: string;
  readonly state: RestoreState;
}

export async function restoreDatabase(
  paths: ProfilePaths,
  repository: UnlockedRepository,
  manifest: SnapshotManifest,
  context: JobContext,
): Promise<StagedDatabase> {
  const file = stagingDatabase(paths);
  const snapshotId = manifest.header.snapshotId;
  const { repositoryId } = repository.config;
  const previous = readRestoreState(paths);
  const resuming = previous !== null && previous.snapshotId === snapshotId && previous.repositoryId === repositoryId;
  let state: RestoreState = resuming ? previous : { repositoryId, snapshotId, phase: 'database', databaseChunks: 0, databaseBytes: 0 };
  // Staged but gone: the swap took it, and start-up recovery (ensureProfile) completed that swap.
  if (state.phase === 'swap' && !existsSync(file)) state = { ...state, phase: 'media' };
  if (state.phase !== 'database') return { file, state };

  const locator = await loadChunkLocator(repository);
  const fetcher = new ChunkFetcher(repository, locator);
  const progress = throttledProgress(context.onProgress, 'messages', manifest.database.record.size);
  progress.add(state.databaseBytes);
  const fd = openSync(file, resuming ? 'r+' : 'w', 0o600);
  try {
    // Whatever was written after the last checkpoint is discarded and fetched again.
    ftruncateSync(fd, state.databaseBytes);
    const chunks = manifest.database.chunks;
    while (state.databaseChunks < chunks.length) {
      const window = nextWindow(chunks, state);
      // In pack order, written at their offsets: a database spread over old and new packs by
      // incremental backups then reads each pack once per window, not once each time it comes back.
      for (const { chunk, at } of locator.inRepositoryOrder(window.chunks, (placed) => placed.chunk.id)) {
        if (context.signal.aborted) throw new AppError('OPERATION_CANCELLED');
        const bytes = await fetcher.get(chunk.id, chunk.size);
        writeSync(fd, bytes, 0, bytes.length, at);
        progress.add(bytes.length);
      }
      fsyncSync(fd);
      state = { ...state, databaseChunks: window.end, databaseBytes: window.endBytes };
      writeRestoreState(paths, state);
    }
  } finally {
    closeSync(fd);
  }
  try {
    if ((await sha256Of(file)) !== manifest.database.record.sha256) throw checkFailed('sha256');
    // Rebuilding changes the file, so what was fetched no longer counts as a checkpoint.
    writeRestoreState(paths, { ...state, databaseChunks: 0, databaseBytes: 0 });
    rebuildStaged(file);
    checkStagedStore(file, manifest);
  } catch (error) {
    // A snapshot that fails its checks has nothing worth resuming: drop the staged copy.
    clearRestore(paths);
    throw error;
  }
  state = { ...state, phase: 'swap', databaseChunks: manifest.database.chunks.length, databaseBytes: manifest.database.record.size };
  writeRestoreState(paths, state);
  progress.finish();
  return { file, state };
}
