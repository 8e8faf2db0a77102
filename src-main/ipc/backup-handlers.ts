// The backup calls of the handler table. Heavy work runs in worker threads (inWorker); the main
// thread only unlocks, swaps the restored store in under the StoreHolder, and keeps settings.
import { AppError } from '../../src-shared/errors.ts';
import type { Handlers } from './dispatch.ts';
import {
  backupProfile,
  destinationOf,
  hasCachedKey,
  initForProfile,
  openAndUnlock,
  resolveLocation,
  restoreProfile,
  withProfileRepository,
} from '../backup/backup-service.ts';
import { inspectRepository } from '../backup/engine/inspect.ts';
import { byCode, listReadableSnapshots, snapshotListing } from '../backup/engine/snapshots.ts';
import { verifyStructure } from '../backup/engine/verify-structure.ts';
import { inWorker } from '../backup/job-runner.ts';
import { locationView, secretStoreOf } from '../backup/backup-location.ts';
import { openDestination } from '../backup/destination/open-destination.ts';
import { PROBE_RETRY } from '../backup/destination/s3-retry.ts';
import type { AppContext } from '../services/app-context.ts';
import { recordingFailure } from '../services/backup-outcome.ts';
import { readSettings } from '../services/profile-settings.ts';
import { replaceStoreFile } from '../store/store-swap.ts';
import { openStore } from '../store/open-store.ts';
import { unlockRepositoryWithPasskey } from '../passkeys/passkey-unlock.ts';
import { runOperation } from './operation-context.ts';
import { Journal } from '../diagnostics/journal.ts';
import { createLogger } from '../log.ts';

const log = createLogger('backup.restore');

type BackupHandlers = Pick<
  Handlers,
  | 'getBackupStatus'
  | 'setUpBackup'
  | 'backUpNow'
  | 'listBackupSnapshots'
  | 'unlockBackup'
  | 'restoreBackup'
  | 'verifyBackup'
  | 'inspectBackup'
  | 'pruneBackups'
  | 'pickBackupFolder'
  | 'testBackupDestination'
>;

export function createBackupHandlers(context: AppContext): BackupHandlers {
  const { paths } = context;
  const keystore = { sealer: context.host.keystore };
  const journal = new Journal(paths.dir);
  return {
    getBackupStatus: async () => {
      const settings = readSettings(paths);
      return {
        location: await locationView(settings.backupRepository, secretStoreOf(paths.dir, keystore.sealer)),
        keyCached: await hasCachedKey(paths, keystore),
        lastBackup: settings.lastBackup,
      };
    },
    testBackupDestination: async ({ location }) => {
      // Few retries: a person is waiting for the answer, and a wrong address should say so quickly.
      const destination = openDestination(await resolveLocation(paths, location, keystore), { retry: PROBE_RETRY });
      return { description: destination.description, ...(await destination.probe()) };
    },
    setUpBackup: async ({ location }) => {
      const outcome = await initForProfile(paths, location, keystore);
      return { repositoryId: outcome.repositoryId, recoveryKey: outcome.recoveryKey, keystoreWarning: outcome.keystoreWarning };
    },
    backUpNow: ({ operationId }) =>
      runOperation(context, operationId, (job) =>
        context.activity.run('backup', () =>
          recordingFailure(paths, () => backupProfile(paths, { appVersion: context.host.version, runner: inWorker, ...keystore }, job)),
        ),
      ),
    listBackupSnapshots: async ({ location }) => {
      const repository = await openAndUnlock(await resolveLocation(paths, location, keystore), { kind: 'cached', paths }, keystore);
      try {
        return await snapshotListing(repository);
      } finally {
        repository.close();
      }
    },
    unlockBackup: ({ location, unlock }) =>
      journal.operation('restore', (op) =>
        op.step('unlock', async () => {
          const connected = await resolveLocation(paths, location, keystore);
          const repository =
            unlock.kind === 'recovery-key'
              ? await openAndUnlock(connected, { kind: 'recovery-key', text: unlock.recoveryKey })
              : await unlockRepositoryWithPasskey(context, connected, unlock);
          try {
            const { snapshots, unreadable } = await listReadableSnapshots(repository);
            // Nothing left to choose from: say why one of them failed rather than "no backups".
            const failure = unreadable[0]?.error;
            if (snapshots.length === 0 && failure !== undefined) throw failure;
            for (const { snapshotId, error } of unreadable) log.warn('snapshot unreadable', { snapshotId, code: error.code });
            return { sessionId: context.sessions.open(connected, repository), snapshots, unreadableSnapshots: byCode(unreadable) };
          } catch (error) {
            repository.close();
            throw error;
          }
        }),
      ),
    restoreBackup: ({ sessionId, snapshotId, operationId }) =>
      runOperation(context, operationId, (job) =>
        context.activity.run('restore', async () => {
          const { location, repository } = context.sessions.get(sessionId);
          const result = await restoreProfile(
            paths,
            {
              location,
              unlock: { kind: 'repository', repository },
              snapshotId,
              runner: inWorker,
              ...keystore,
              swap: (staged) => context.store.replace(() => Promise.resolve(replaceStoreFile(paths, staged, openStore))),
              // The chats are usable now; media keep arriving.
              onMessagesRestored: () => context.events.emit('storeChanged', { reason: 'restore' }),
            },
            job,
          );
          context.sessions.close(sessionId);
          return result;
        }),
      ),
    verifyBackup: ({ location, full, operationId }) =>
      runOperation(context, operationId, (job) =>
        journal.operation('verify', (op) =>
          op.step('verify', () =>
            full
              ? withProfileRepository(paths, { location, ...keystore, lock: { mode: 'shared', operation: 'verify' } }, (keyed) =>
                  inWorker('verify', keyed(), job),
                )
              : resolveLocation(paths, location, keystore).then((connected) => verifyStructure(destinationOf(connected), job)),
          ),
        ),
      ),
    pickBackupFolder: async () => {
      if (context.host.pickBackupFolder === undefined) throw new AppError('BACKUP_FOLDER_PICKER_UNAVAILABLE');
      return { path: await context.host.pickBackupFolder() };
    },
    inspectBackup: async ({ location }) => inspectRepository(destinationOf(await resolveLocation(paths, location, keystore))),
    pruneBackups: ({ keep, operationId }) =>
      runOperation(context, operationId, (job) =>
        journal.operation('prune', (op) =>
          op.step('prune', () =>
            withProfileRepository(paths, { ...keystore, lock: { mode: 'exclusive', operation: 'prune' } }, (keyed) =>
              inWorker('prune', { ...keyed(), keep }, job),
            ),
          ),
        ),
      ),
  };
}
