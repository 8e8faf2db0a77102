// A consistent copy of the message store, taken while the app keeps writing: SQLite's online backup
// API copies every page from one read snapshot. The copy is then made portable (base tables only,
// compacted in rowid order; see portable-database.ts), which is what lets the next backup find
// almost all of its chunks already stored.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { StoreStats } from '../../../src-shared/contract.ts';
import { AppError } from '../../../src-shared/errors.ts';
import { schemaVersion } from '../../store/migrate.ts';
import type { ProfilePaths } from '../../store/profile.ts';
import { readStats } from '../../store/read-chats.ts';
import { makePortable } from './portable-database.ts';

export interface StoreSnapshot {
  /** The copy, in the profile's tmp folder. */
  readonly file: string;
  readonly schemaVersion: number;
  readonly counts: StoreStats;
  /** Content-addressed media the copy refers to, in a stable order. */
  readonly media: readonly { readonly sha256: string; readonly size: number; readonly mime: string | null }[];
  remove(): Promise<void>;
}

/** The store, read-only; a missing or unreadable file is STORE_OPEN_FAILED (with SQLite's code), not a crash. */
function openSource(file: string): Database.Database {
  try {
    return new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new AppError('STORE_OPEN_FAILED', undefined, { reason: typeof code === 'string' ? code : 'unknown' }, { cause: error });
  }
}

export async function snapshotStore(paths: ProfilePaths, signal?: AbortSignal): Promise<StoreSnapshot> {
  const file = path.join(paths.tmp, `snapshot-${randomBytes(8).toString('hex')}.db`);
  const remove = (): Promise<void> => rm(file, { force: true });
  const source = openSource(paths.database);
  try {
    // All remaining pages in one step, inside one read transaction: in WAL mode writers carry on,
    // and a step-by-step copy would restart from scratch whenever another connection wrote.
    // This runs in a worker thread, so the long step blocks no event loop that matters.
    await source.backup(file, {
      progress: () => {
        if (signal?.aborted) throw new AppError('OPERATION_CANCELLED');
        return 0x7fffffff;
      },
    });
  } catch (error) {
    source.close();
    await remove();
    throw error;
  }
  source.close();
  try {
    makePortable(file);
  } catch (error) {
    await remove();
    throw error;
  }
  const copy = new Database(file, { readonly: true });
  try {
    const media = copy
      .prepare(
        `SELECT sha256, max(size) AS size, max(mime) AS mime FROM attachments
         WHERE status = 'stored' AND sha256 IS NOT NULL GROUP BY sha256 ORDER BY sha256`,
      )
      .all() as { sha256: string; size: number; mime: string | null }[];
    return { file, schemaVersion: schemaVersion(copy), counts: readStats(copy), media, remove };
  } finally {
    copy.close();
  }
}
