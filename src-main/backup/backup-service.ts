// The backup operations as a profile sees them: which repository, which key, what to remember
// afterwards. The CLI and the IPC handlers both call these, so both behave the same.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../src-shared/errors.ts';
import { openBackupKeyCache, type BackupKeyCache, type OsSecretSealer } from '../crypto/keystore.ts';
import { formatRecoveryKey } from '../crypto/recovery-key.ts';
import { zero } from '../crypto/sodium.ts';
import type { JobContext } from '../jobs/jobs.ts';
import { afterBackupSuccess } from '../services/backup-outcome.ts';
import { readSettings, updateSettings, type RepositoryLocation } from '../services/profile-settings.ts';
import type { ProfilePaths } from '../store/profile.ts';
import type { BackupLocation } from '../../src-shared/common-schemas.ts';
import { connectLocation, saveSecret, secretStoreOf, storedLocation, type ConnectedLocation } from './backup-location.ts';
import type { Destination } from './destination/destination.ts';
import { openDestination } from './destination/open-destination.ts';
import { Journal } from '../diagnostics/journal.ts';
import type { KeyedInput } from './backup-jobs.ts';
import { takeLock } from './engine/reader-lock.ts';
import type { BackupResult } from './engine/run-backup.ts';
import { inProcess, type JobRunner } from './job-runner.ts';
import { runRestore, type RestoreResult } from './engine/run-restore.ts';
import { initRepository, openRepository, type LockedRepository, type UnlockedRepository } from './repository/repository.ts';

export type { RepositoryLocation } from '../services/profile-settings.ts';
export type { ConnectedLocation } from './backup-location.ts';

/** A location as a caller may name it: stored (no secret), from the renderer or CLI, or connected. */
export type AnyLocation = RepositoryLocation | BackupLocation | ConnectedLocation;

/** How to get BK: the recovery key as the person typed it, or this computer's cached copy. */
export type Unlock = { readonly kind: 'recovery-key'; readonly text: string } | { readonly kind: 'cached'; readonly paths: ProfilePaths };

/** What a restore may start from: a way to unlock, or a repository already unlocked (the caller closes it). */
export type RestoreUnlock = Unlock | { readonly kind: 'repository'; readonly repository: UnlockedRepository };

export interface KeystoreOptions {
  /** The OS keystore (Electron safeStorage); elsewhere the 0600 key file is used, with its warning. */
  readonly sealer?: OsSecretSealer;
}

export function destinationOf(location: ConnectedLocation): Destination {
  return openDestination(location);
}

export function keyCacheOf(paths: ProfilePaths, options: KeystoreOptions = {}): BackupKeyCache {
  return openBackupKeyCache(paths.dir, options.sealer);
}

/** Whether this computer holds BK for the profile's repository (backups then need no prompt). */
export async function hasCachedKey(paths: ProfilePaths, options: KeystoreOptions = {}): Promise<boolean> {
  const bk = await keyCacheOf(paths, options).load();
  zero(bk ?? undefined);
  return bk !== null;
}

/** The location given, else the one this profile backs up to; an S3 one with its secret (given or saved). */
export async function resolveLocation(
  paths: ProfilePaths,
  location: AnyLocation | undefined,
  options: KeystoreOptions = {},
): Promise<ConnectedLocation> {
  const resolved = location ?? readSettings(paths).backupRepository;
  if (resolved === null) throw new AppError('BACKUP_NOT_CONFIGURED');
  return connectLocation(resolved, secretStoreOf(paths.dir, options.sealer));
}

/** Remembers where this profile backs up: the location in settings, an S3 secret in the keystore. */
async function rememberLocation(
  paths: ProfilePaths,
  location: ConnectedLocation,
  options: KeystoreOptions,
  change: (settings: ReturnType<typeof readSettings>) => Partial<ReturnType<typeof readSettings>>,
): Promise<void> {
  await saveSecret(secretStoreOf(paths.dir, options.sealer), location);
  updateSettings(paths, (settings) => ({ ...settings, backupRepository: storedLocation(location), ...change(settings) }));
}

export async function unlock(locked: LockedRepository, how: Unlock, options: KeystoreOptions = {}): Promise<UnlockedRepository> {
  if (how.kind === 'recovery-key') return locked.unlockWithRecoveryKey(how.text);
  const bk = await keyCacheOf(how.paths, options).load();
  if (bk === null) throw new AppError('BACKUP_KEY_NOT_AVAILABLE');
  try {
    return locked.unlockWithBackupKey(bk);
  } finally {
    zero(bk);
  }
}

export async function openAndUnlock(location: ConnectedLocation, how: Unlock, options: KeystoreOptions = {}): Promise<UnlockedRepository> {
  return unlock(await openRepository(destinationOf(location)), how, options);
}

export interface InitOutcome {
  readonly repositoryId: string;
  /** Shown once, then forgotten: never stored, never logged. */
  readonly recoveryKey: string;
  readonly keystore: BackupKeyCache['kind'];
  readonly keystoreWarning: string | null;
}

/** Creates a repository (and its folder), caches BK on this computer and remembers the location. */
export async function initForProfile(paths: ProfilePaths, given: AnyLocation, options: KeystoreOptions = {}): Promise<InitOutcome> {
  const location = await resolveLocation(paths, given, options);
  // A folder is created here; a bucket never is (S3_BUCKET_MISSING says so).
  if (location.kind === 'folder') await mkdir(path.resolve(location.path), { recursive: true });
  const { repository, recoveryKey } = await initRepository(destinationOf(location));
  try {
    const cache = keyCacheOf(paths, options);
    await cache.save(repository.backupKey);
    await rememberLocation(paths, location, options, () => ({ lastBackup: null }));
    return {
      repositoryId: repository.config.repositoryId,
      recoveryKey: formatRecoveryKey(recoveryKey),
      keystore: cache.kind,
      keystoreWarning: cache.warning ?? null,
    };
  } finally {
    zero(recoveryKey);
    repository.close();
  }
}

/** The per-job inputs: a fresh copy of BK each time, since a job zeroes (or the worker takes) its copy. */
function keyedInput(paths: ProfilePaths, location: ConnectedLocation, repository: UnlockedRepository): () => KeyedInput {
  const { hostId } = readSettings(paths);
  return () => ({ profileDir: paths.dir, location, backupKey: new Uint8Array(repository.backupKey), hostId });
}

export interface RunnerOptions extends KeystoreOptions {
  /** Default in-process; the app passes inWorker. */
  readonly runner?: JobRunner;
}

export function backupProfile(
  paths: ProfilePaths,
  request: {
    readonly location?: AnyLocation;
    readonly appVersion: string;
    /** Default true; a schedule may leave media out (messages only). */
    readonly includeMedia?: boolean;
  } & RunnerOptions,
  context: JobContext,
): Promise<BackupResult> {
  return new Journal(paths.dir).operation('backup', async (op) => {
    const location = await resolveLocation(paths, request.location, request);
    const settings = readSettings(paths);
    const repository = await op.step('unlock', () => openAndUnlock(location, { kind: 'cached', paths }, request));
    // The lock is held here, around the job: a worker that dies or is terminated on cancel leaves none.
    const lock = await repository.acquireLock('exclusive', 'backup', { hostId: settings.hostId }).catch((error: unknown) => {
      repository.close();
      throw error;
    });
    try {
      const input = {
        ...keyedInput(paths, location, repository)(),
        lockHeld: true,
        appVersion: request.appVersion,
        parent: settings.lastBackup?.snapshotId ?? null,
        includeMedia: request.includeMedia ?? true,
      };
      const result = await op.step(
        'back-up',
        () => (request.runner ?? inProcess)('backup', input, context),
        (done) => done.bytesWritten,
      );
      updateSettings(paths, (current) => ({
        ...afterBackupSuccess(current, result),
        lastBackup: {
          snapshotId: result.snapshotId,
          finishedAt: result.created,
          bytes: result.bytesScanned,
          newBytes: result.bytesWritten,
        },
      }));
      return result;
    } finally {
      await lock.release();
      repository.close();
    }
  });
}

/**
 * Restores a snapshot into this profile. Afterwards this computer caches BK and backs up to the same
 * repository, which is what someone moving to a new computer expects.
 */
export function restoreProfile(
  paths: ProfilePaths,
  request: {
    readonly location: ConnectedLocation;
    readonly unlock: RestoreUnlock;
    readonly snapshotId?: string;
    readonly swap: (staged: string) => Promise<void>;
    readonly onMessagesRestored?: () => void;
  } & RunnerOptions,
  context: JobContext,
): Promise<RestoreResult> {
  return new Journal(paths.dir).operation('restore', async (op) => {
    // An already unlocked repository (an unlockBackup session) stays the caller's to close.
    const { unlock } = request;
    const repository =
      unlock.kind === 'repository' ? unlock.repository : await op.step('unlock', () => openAndUnlock(request.location, unlock, request));
    try {
      const result = await runRestore(
        {
          paths,
          repository,
          keyed: keyedInput(paths, request.location, repository),
          runner: request.runner ?? inProcess,
          snapshotId: request.snapshotId,
          swap: request.swap,
          onMessagesRestored: request.onMessagesRestored,
          step: (name, work) => op.step(name, work),
        },
        context,
      );
      await op.step('cache-key', () => keyCacheOf(paths, request).save(repository.backupKey));
      await rememberLocation(paths, request.location, request, (current) => ({
        lastBackup: current.lastBackup ?? { snapshotId: result.snapshotId, finishedAt: result.created, bytes: result.bytes, newBytes: 0 },
      }));
      return result;
    } finally {
      if (unlock.kind !== 'repository') repository.close();
    }
  });
}

/** Full verify or prune of this profile's repository, with its cached key. */
export async function withProfileRepository<T>(
  paths: ProfilePaths,
  request: {
    readonly location?: AnyLocation;
    readonly lock?: { readonly mode: 'exclusive' | 'shared'; readonly operation: string };
  } & KeystoreOptions,
  work: (keyed: () => KeyedInput) => Promise<T>,
): Promise<T> {
  const location = await resolveLocation(paths, request.location, request);
  const repository = await openAndUnlock(location, { kind: 'cached', paths }, request);
  try {
    if (request.lock === undefined) return await work(keyedInput(paths, location, repository));
    // Held here, around the job: a worker that dies or is terminated on cancel leaves no lock.
    const lock = await takeLock(repository, request.lock.mode, request.lock.operation, { hostId: readSettings(paths).hostId });
    try {
      const keyed = keyedInput(paths, location, repository);
      return await work(() => ({ ...keyed(), lockHeld: true }));
    } finally {
      await lock.release();
    }
  } finally {
    repository.close();
  }
}
