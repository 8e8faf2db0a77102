// Setting up backups: choose the destination (a folder or S3), test it, create the backup key, then
// show the recovery key once and have the person confirm they saved it. The recovery key and the S3
// secret live in this component's state only; the secret is cleared as soon as it was sent.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toApiError, unwrap, type ApiError } from '../api/api-error.ts';
import { useApi } from '../api/api-context.tsx';
import { settingsQueryKeys } from '../api/queries.ts';
import { ErrorAlert } from '../common/ErrorAlert.tsx';
import { DestinationFields } from './DestinationFields.tsx';
import { emptyDraft, toLocation, withoutSecret, type DestinationDraft } from './destination-draft.ts';
import { RecoveryKeyNotice } from './RecoveryKeyNotice.tsx';
import { TestConnection } from './TestConnection.tsx';

interface SetUpBackupProps {
  readonly submitLabel: string;
  /** After the person confirmed they saved the recovery key. */
  readonly onDone: () => void;
  readonly onCancel?: () => void;
}

export function SetUpBackup({ submitLabel, onDone, onCancel }: SetUpBackupProps) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<DestinationDraft>(emptyDraft);
  /** Bumped on every edit: remounts the connection test, whose result described the old fields. */
  const [revision, setRevision] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [recovery, setRecovery] = useState<{ key: string; warning: string | null } | null>(null);
  const location = toLocation(draft);

  const edit = (next: DestinationDraft) => {
    setDraft(next);
    setRevision((value) => value + 1);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (location === null) return;
    setBusy(true);
    setError(null);
    try {
      const outcome = unwrap(await api.setUpBackup({ location }));
      setRecovery({ key: outcome.recoveryKey, warning: outcome.keystoreWarning });
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setDraft(withoutSecret);
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
          for (const queryKey of Object.values(settingsQueryKeys)) void queryClient.invalidateQueries({ queryKey });
          onDone();
        }}
      />
    );
  }

  return (
    <form className="stack" onSubmit={(event) => void submit(event)}>
      <DestinationFields value={draft} onChange={edit} disabled={busy} />
      <TestConnection key={revision} location={location} disabled={busy} />
      {error !== null && <ErrorAlert title="Backups could not be set up" error={error} onDismiss={() => setError(null)} />}
      <div className="row">
        <button type="submit" className="button button--primary" disabled={busy || location === null}>
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
