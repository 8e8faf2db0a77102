// Settings → Chats → Chat backup: the destination, "Back up now" with progress and cancel, the last
// backup, the schedule, and the history.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import type { BackupResult } from '../../../src-shared/backup-contract.ts';
import { useApi } from '../api/api-context.tsx';
import { backupStatusQuery, settingsQueryKeys } from '../api/queries.ts';
import { ErrorAlert } from '../common/ErrorAlert.tsx';
import { formatBytes, formatInstant } from '../common/format.ts';
import { OperationProgress } from '../common/OperationProgress.tsx';
import { useOperation } from '../common/use-operation.ts';
import { BackupHistoryView } from './BackupHistoryView.tsx';
import { DestinationSummary } from './DestinationSummary.tsx';
import { ScheduleSettings } from './ScheduleSettings.tsx';
import { SetUpBackup } from './SetUpBackup.tsx';

export function BackupSettings({ onRestore }: { readonly onRestore: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const status = useQuery(backupStatusQuery(api));
  const backup = useOperation<z.infer<typeof BackupResult>>();
  const [settingUp, setSettingUp] = useState(false);

  const backUpNow = async () => {
    await backup.start((operationId) => api.backUpNow({ operationId }));
    // Success or failure, the history and the notice have changed.
    for (const queryKey of [settingsQueryKeys.backupStatus, settingsQueryKeys.backupHistory, settingsQueryKeys.backupSchedule])
      void queryClient.invalidateQueries({ queryKey });
  };

  const location = status.data?.location ?? null;
  const last = status.data?.lastBackup ?? null;
  const { state } = backup;

  return (
    <section className="card" aria-labelledby="chat-backup-title">
      <h2 id="chat-backup-title" className="card__title">
        Chat backup
      </h2>
      {status.isError && <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />}
      {settingUp && (
        <>
          {location !== null && (
            <p className="warning" role="note">
              This starts a new backup at the destination you choose, with a new recovery key. Your earlier backups stay where they are.
            </p>
          )}
          <SetUpBackup
            submitLabel={location === null ? 'Set up backup' : 'Set up backup here'}
            onDone={() => setSettingUp(false)}
            onCancel={() => setSettingUp(false)}
          />
        </>
      )}
      {status.data !== undefined && location === null && !settingUp && (
        <>
          <p className="card__lead">
            Back up your chats, encrypted, to a folder or S3-compatible storage you choose. Only your passkey or recovery key can open them.
          </p>
          <div className="row">
            <button type="button" className="button button--primary" onClick={() => setSettingUp(true)}>
              Set up backup
            </button>
            <button type="button" className="button button--ghost" onClick={onRestore}>
              Restore from backup
            </button>
          </div>
        </>
      )}
      {location !== null && !settingUp && (
        <>
          <dl className="facts">
            <DestinationSummary location={location} />
            <div className="facts__row">
              <dt>Last backup</dt>
              <dd>{last === null ? 'Never' : formatInstant(last.finishedAt)}</dd>
            </div>
            <div className="facts__row">
              <dt>Backup size</dt>
              <dd>{last === null ? '—' : `${formatBytes(last.bytes)} (${formatBytes(last.newBytes)} new)`}</dd>
            </div>
          </dl>
          {!status.data?.keyCached && (
            <p className="warning" role="note">
              This computer does not hold the backup key. Unlock the backup with a passkey or the recovery key (Restore from backup) to back
              up from here.
            </p>
          )}
          {(state.step === 'running' || state.step === 'cancelling') && (
            <OperationProgress
              label="Backup progress"
              progress={state.progress}
              cancelling={state.step === 'cancelling'}
              cancelLabel="Cancel backup"
              onCancel={backup.cancel}
            />
          )}
          {state.step === 'done' && (
            <p className="success" role="status">
              Backed up {formatBytes(state.result.bytesScanned)} ({formatBytes(state.result.bytesWritten)} written) in{' '}
              {state.result.seconds.toFixed(1)} s.
            </p>
          )}
          {state.step === 'cancelled' && <p role="status">Backup cancelled. Your earlier backups are unchanged.</p>}
          {state.step === 'failed' && <ErrorAlert title="Backup failed" error={state.error} onDismiss={backup.reset} />}
          <div className="row">
            <button type="button" className="button button--primary" onClick={() => void backUpNow()} disabled={backup.busy}>
              Back up now
            </button>
            <button type="button" className="button button--ghost" onClick={onRestore} disabled={backup.busy}>
              Restore from backup
            </button>
            <button type="button" className="button button--ghost" onClick={() => setSettingUp(true)} disabled={backup.busy}>
              Change destination
            </button>
          </div>
          <ScheduleSettings />
          <BackupHistoryView />
        </>
      )}
    </section>
  );
}
