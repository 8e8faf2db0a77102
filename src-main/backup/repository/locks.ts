// Taking, refreshing and releasing a lock (§13). Locks are ordinary encrypted objects, so this works
// the same on a folder and on S3: no file locking, no atomic rename, only confirmed writes, listings
// and deletes. Two writers that race both see each other on the second listing and back off.
import os from 'node:os';
import { AppError } from '../../../src-shared/errors.ts';
import { idToHex, newId } from '../../crypto/ids.ts';
import { createLogger } from '../../log.ts';
import { encodeLockRecord } from './lock-record.ts';
import type { LockMode, LockRecord } from './lock-record.ts';
import { conflictsWith, isProcessAlive, repositoryBusy, scanLocks } from './lock-scan.ts';
import type { LockObjects, ScanContext } from './lock-scan.ts';

export type { LockMode } from './lock-record.ts';

export const HEARTBEAT_INTERVAL_MS = 5 * 60 * 1000;
/** Attempts after the first when another writer raced us (§13: up to 5). */
const MAX_RETRIES = 5;

export interface LockOptions {
  /** Random per profile and persisted there, so this machine recognises its own locks (default: random now). */
  readonly hostId?: string;
  /** Shown to other computers that find the repository busy (default: os.hostname()). */
  readonly hostName?: string;
  readonly pid?: number;
  readonly now?: () => Date;
  readonly isProcessAlive?: (pid: number) => boolean;
  readonly heartbeatIntervalMs?: number;
  /** The wait before retrying after a race (default: a random 1–5 s). */
  readonly backoff?: () => Promise<void>;
  /** A failed heartbeat; after 30 minutes of them, others may take the lock over. */
  readonly onHeartbeatError?: (error: unknown) => void;
}

export interface RepositoryLock {
  readonly mode: LockMode;
  readonly operation: string;
  /** The id of the current lock object (changes at every heartbeat). */
  readonly lockId: string;
  readonly released: boolean;
  /** Writes a fresh lock object, then deletes the previous one. Runs by itself every 5 minutes. */
  heartbeat(): Promise<void>;
  /**
   * Deletes the lock object. Safe to call twice. Never rejects: when the storage is gone (a dropped
   * connection, a yanked drive) the lock is remembered as released, and this process's next
   * acquire removes it instead of waiting 30 minutes for its own lock to go stale.
   */
  release(): Promise<void>;
}

const log = createLogger('backup.repository.locks');

/** Locks this process released or replaced whose object could not be deleted. */
const abandoned = new Set<string>();

export async function acquireLock(
  locks: LockObjects,
  mode: LockMode,
  operation: string,
  options: LockOptions = {},
): Promise<RepositoryLock> {
  const context: ScanContext = {
    hostId: options.hostId ?? idToHex(newId()),
    now: options.now ?? (() => new Date()),
    isProcessAlive: options.isProcessAlive ?? isProcessAlive,
    abandoned,
  };
  const backoff = options.backoff ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 1000 + Math.random() * 4000)));
  for (let attempt = 0; ; attempt++) {
    const before = await scanLocks(locks, context);
    const holder = before.live.find((held) => conflictsWith(mode, operation, held));
    if (holder !== undefined) throw repositoryBusy(holder);
    // Only writers clean up (§13): a reader such as verify changes as little as it can.
    if (mode === 'exclusive') {
      for (const stale of before.stale) {
        await locks.remove(stale.id);
        abandoned.delete(stale.id);
        log.info('removed a stale lock', { reason: stale.reason });
      }
    }
    const started = context.now().toISOString();
    const record: LockRecord = {
      type: 'lock',
      version: 1,
      mode,
      operation,
      host: options.hostName ?? os.hostname(),
      hostId: context.hostId,
      pid: options.pid ?? process.pid,
      started,
      heartbeat: started,
    };
    const lockId = idToHex(newId());
    await locks.write(lockId, encodeLockRecord(record));
    const after = await scanLocks(locks, context, lockId);
    const racer = after.live.find((held) => conflictsWith(mode, operation, held));
    if (racer === undefined) return new HeldLock(locks, record, lockId, context.now, options);
    await locks.remove(lockId);
    if (attempt >= MAX_RETRIES) throw repositoryBusy(racer);
    log.info('another process took a lock at the same time; retrying', { attempt: attempt + 1 });
    await backoff();
  }
}

class HeldLock implements RepositoryLock {
  readonly #locks: LockObjects;
  readonly #record: LockRecord;
  readonly #now: () => Date;
  readonly #timer: NodeJS.Timeout;
  #lockId: string;
  #released = false;
  /** Heartbeats and release run one at a time, in order. */
  #queue: Promise<void> = Promise.resolve();

  constructor(locks: LockObjects, record: LockRecord, lockId: string, now: () => Date, options: LockOptions) {
    this.#locks = locks;
    this.#record = record;
    this.#lockId = lockId;
    this.#now = now;
    const onError = options.onHeartbeatError ?? ((error: unknown) => log.error('lock heartbeat failed', error));
    this.#timer = setInterval(() => {
      this.heartbeat().catch(onError);
    }, options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS);
    // A lock must never keep the process alive: a crashed or finished holder's lock goes stale by itself.
    this.#timer.unref();
  }

  get mode(): LockMode {
    return this.#record.mode;
  }

  get operation(): string {
    return this.#record.operation;
  }

  get lockId(): string {
    return this.#lockId;
  }

  get released(): boolean {
    return this.#released;
  }

  heartbeat(): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#released) return;
      const next = idToHex(newId());
      await this.#locks.write(next, encodeLockRecord({ ...this.#record, heartbeat: this.#now().toISOString() }));
      const previous = this.#lockId;
      this.#lockId = next;
      await this.#locks.remove(previous).catch((error: unknown) => {
        abandoned.add(previous);
        throw error;
      });
    });
  }

  release(): Promise<void> {
    clearInterval(this.#timer);
    return this.#enqueue(async () => {
      if (this.#released) return;
      this.#released = true;
      const lockId = this.#lockId;
      await this.#locks.remove(lockId).catch((error: unknown) => {
        abandoned.add(lockId);
        log.warn('could not delete a released lock; the next acquire here removes it', {
          code: error instanceof AppError ? error.code : 'unknown',
        });
      });
    });
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(step);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
