// Who holds the repository (§13): reads every lock object and sorts it into live and stale. A lock is
// stale when its heartbeat is over 30 minutes old, or when it is this profile's own (same host id) and
// its process is gone; a lock that cannot be opened goes stale 30 minutes after it was written.
import { AppError } from '../../../src-shared/errors.ts';
import { errnoOf } from '../destination/folder-errors.ts';
import { parseLockRecord } from './lock-record.ts';
import type { LockMode, LockRecord } from './lock-record.ts';

export const STALE_AFTER_MS = 30 * 60 * 1000;

/** The lock objects, as the repository exposes them to this module. */
export interface LockObjects {
  list(): Promise<string[]>;
  /** Decrypted plaintext; throws BACKUP_OBJECT_MISSING once released, _CORRUPT etc. when unreadable. */
  read(id: string): Promise<Buffer>;
  write(id: string, plaintext: Uint8Array): Promise<void>;
  remove(id: string): Promise<void>;
  /** The storage's modification time, null when gone. */
  modified(id: string): Promise<Date | null>;
}

export interface ScanContext {
  readonly hostId: string;
  readonly now: () => Date;
  readonly isProcessAlive: (pid: number) => boolean;
  /** Locks this process released but could not delete: stale, whatever they say. */
  readonly abandoned?: ReadonlySet<string>;
}

/** A live lock; `record` is null when it could not be opened (then it counts as exclusive). */
export interface LiveLock {
  readonly id: string;
  readonly record: LockRecord | null;
  readonly modified: Date | null;
}

export interface StaleLock {
  readonly id: string;
  readonly reason: 'heartbeat' | 'dead-process' | 'unreadable' | 'released';
}

export interface LockScan {
  readonly live: readonly LiveLock[];
  readonly stale: readonly StaleLock[];
}

/** Errors that mean "this object is not a lock we can read", as opposed to "the storage failed". */
const UNREADABLE = new Set(['BACKUP_OBJECT_CORRUPT', 'BACKUP_OBJECT_TRUNCATED', 'BACKUP_OBJECT_MISMATCH', 'BACKUP_FORMAT_UNSUPPORTED']);

export async function scanLocks(locks: LockObjects, context: ScanContext, ignore?: string): Promise<LockScan> {
  const live: LiveLock[] = [];
  const stale: StaleLock[] = [];
  const now = context.now().getTime();
  for (const id of await locks.list()) {
    if (id === ignore) continue;
    if (context.abandoned?.has(id) === true) {
      stale.push({ id, reason: 'released' });
      continue;
    }
    let record: LockRecord | null;
    try {
      record = parseLockRecord(await locks.read(id));
    } catch (error) {
      if (error instanceof AppError && error.code === 'BACKUP_OBJECT_MISSING') continue; // released meanwhile
      if (!(error instanceof AppError && UNREADABLE.has(error.code))) throw error;
      record = null;
    }
    if (record === null) {
      const modified = await locks.modified(id);
      if (modified === null) continue;
      if (now - modified.getTime() > STALE_AFTER_MS) stale.push({ id, reason: 'unreadable' });
      else live.push({ id, record: null, modified });
    } else if (now - Date.parse(record.heartbeat) > STALE_AFTER_MS) {
      stale.push({ id, reason: 'heartbeat' });
    } else if (record.hostId === context.hostId && !context.isProcessAlive(record.pid)) {
      stale.push({ id, reason: 'dead-process' });
    } else {
      live.push({ id, record, modified: null });
    }
  }
  return { live, stale };
}

/** The one exclusive operation that only adds objects: readers need not wait for it, nor it for them. */
export const ADD_ONLY_OPERATION = 'backup';

/**
 * Two locks conflict unless both are shared, or one is shared and the other is a backup (§13): a
 * backup never deletes, so it cannot pull data from under a reader. An unreadable lock may be anything.
 */
export function conflictsWith(mode: LockMode, operation: string, held: LiveLock): boolean {
  if (held.record === null) return true;
  const modes = [mode, held.record.mode];
  if (!modes.includes('exclusive')) return false;
  if (!modes.includes('shared')) return true;
  const exclusiveOperation = mode === 'exclusive' ? operation : held.record.operation;
  return exclusiveOperation !== ADD_ONLY_OPERATION;
}

/** The message names the holder, which the user can act on ("my other laptop is still backing up"). */
export function repositoryBusy(held: LiveLock): AppError {
  const { record } = held;
  if (record === null) {
    const written = held.modified?.toISOString() ?? 'unknown';
    return new AppError(
      'BACKUP_REPOSITORY_BUSY',
      `The backup is in use: it holds a lock that Companion cannot read, written at ${written}. It expires 30 minutes after that.`,
      { mode: 'unknown', operation: 'unknown', started: written, heartbeat: written },
    );
  }
  const host = record.host === '' ? 'another computer' : `"${record.host}"`;
  return new AppError(
    'BACKUP_REPOSITORY_BUSY',
    `The backup is in use by Companion on ${host}: ${record.operation} (${record.mode}), started at ${record.started}.`,
    { mode: record.mode, operation: record.operation, started: record.started, heartbeat: record.heartbeat },
  );
}

/** process.kill(pid, 0) probes without signalling: ESRCH means gone, EPERM means alive under another user. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoOf(error) === 'EPERM';
  }
}
