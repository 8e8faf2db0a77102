// Setting up backups: choose the folder, create the backup key, then show the recovery key once and
// have the person confirm they saved it. The key lives in this component's state only until then.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toApiError, unwrap, type ApiError } from '../api/api-error.ts';
import { useApi } from '../api/api-context.tsx';
import { settingsQueryKeys } from '../api/queries.ts';
import { ErrorAlert } from '../common/ErrorAlert.tsx';
import { FolderField, isAbsolutePath } from './FolderField.tsx';
import { RecoveryKeyNotice } from './RecoveryKeyNotice.tsx';

interface SetUpBackupProps {
  readonly submitLabel: string;
  /** After the person confirmed they saved the recovery key. */
  readonly onDone: () => void;
  readonly onCancel?: () => void;
}

export function SetUpBackup({ submitLabel, onDone, onCancel }: SetUpBackupProps) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [folder, setFolder] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [recovery, setRecovery] = useState<{ key: string; warning: string | null } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const outcome = unwrap(await api.setUpBackup({ location: { kind: 'folder', path: folder.trim() } }));
      setRecovery({ key: outcome.recoveryKey, warning: outcome.keystoreWarning });
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  if (recovery !== null) {
    return (
      <RecoveryKeyNotice
        recoveryKey={recovery.key}
        keystoreWarning={recovery.warning}
        onConfirmed={() => {
          setRecovery(null);
          // Only now: the settings around this form would otherwise re-render it away before the key was saved.
          void queryClient.invalidateQueries({ queryKey: settingsQueryKeys.backupStatus });
          void queryClient.invalidateQueries({ queryKey: settingsQueryKeys.security });
          onDone();
        }}
      />
    );
  }

  return (
    <form className="stack" onSubmit={(event) => void submit(event)}>
      <FolderField value={folder} onChange={setFolder} disabled={busy} />
      {error !== null && <ErrorAlert title="Backups could not be set up" error={error} onDismiss={() => setError(null)} />}
      <div className="row">
        <button type="submit" className="button button--primary" disabled={busy || !isAbsolutePath(folder.trim())}>
          {busy ? 'Setting up…' : submitLabel}
        </button>
        {onCancel !== undefined && (
          <button type="button" className="button button--ghost" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
