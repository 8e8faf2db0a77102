// Restore from backup: choose the folder or S3 storage, see what protects it, unlock with a passkey or
// the recovery key, pick a snapshot, restore with progress. Shown on first run (an empty store) and
// from Settings. An S3 secret stays in this screen's state until the unlock step is over.
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { BackupLocation } from '../../../src-shared/common-schemas.ts';
import type { InspectReport, UnlockedBackup } from '../../../src-shared/backup-contract.ts';
import { toApiError, unwrap, type ApiError } from '../api/api-error.ts';
import { useApi } from '../api/api-context.tsx';
import { DestinationFields } from '../backup/DestinationFields.tsx';
import { emptyDraft, toLocation, withoutSecret, type DestinationDraft } from '../backup/destination-draft.ts';
import { ErrorAlert } from '../common/ErrorAlert.tsx';
import { useRestore } from './restore-context.tsx';
import { RestoreStatus } from './RestoreStatus.tsx';
import { SnapshotPicker } from './SnapshotPicker.tsx';
import { UnlockStep } from './UnlockStep.tsx';

type Step =
  | { readonly step: 'choose' }
  | { readonly step: 'unlock'; readonly location: BackupLocation; readonly report: z.infer<typeof InspectReport> }
  | { readonly step: 'pick'; readonly unlocked: z.infer<typeof UnlockedBackup> };

export function RestoreScreen({ onOpenChats, onBack }: { readonly onOpenChats: () => void; readonly onBack: () => void }) {
  const { operation } = useRestore();
  const [step, setStep] = useState<Step>({ step: 'choose' });
  const showStatus = operation.state.step !== 'idle';

  return (
    <main className="main main--page" aria-labelledby="restore-title">
      <div className="page stack">
        <h1 id="restore-title" className="page__title">
          Restore from backup
        </h1>
        {showStatus ? (
          <RestoreStatus onOpenChats={onOpenChats} onStartOver={() => setStep({ step: 'choose' })} />
        ) : step.step === 'choose' ? (
          <ChooseLocation onInspected={(location, report) => setStep({ step: 'unlock', location, report })} onBack={onBack} />
        ) : step.step === 'unlock' ? (
          <UnlockStep
            location={step.location}
            report={step.report}
            onUnlocked={(unlocked) => setStep({ step: 'pick', unlocked })}
            onBack={() => setStep({ step: 'choose' })}
          />
        ) : (
          <SnapshotPicker unlocked={step.unlocked} onBack={() => setStep({ step: 'choose' })} />
        )}
      </div>
    </main>
  );
}

function ChooseLocation({
  onInspected,
  onBack,
}: {
  readonly onInspected: (location: BackupLocation, report: z.infer<typeof InspectReport>) => void;
  readonly onBack: () => void;
}) {
  const api = useApi();
  const [draft, setDraft] = useState<DestinationDraft>(emptyDraft);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const location = toLocation(draft);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (location === null) return;
    setBusy(true);
    setError(null);
    try {
      onInspected(location, unwrap(await api.inspectBackup({ location })));
    } catch (caught) {
      setError(toApiError(caught));
      setDraft(withoutSecret);
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="restore-folder-title">
      <h2 id="restore-folder-title" className="card__title">
        Where is your backup?
      </h2>
      <p className="card__lead">
        Choose where your backups went on your other computer: an external drive, a synced cloud folder once it has finished syncing, or
        S3-compatible storage. Restoring replaces the chats on this computer.
      </p>
      <form className="stack" onSubmit={(event) => void submit(event)}>
        <DestinationFields value={draft} onChange={setDraft} disabled={busy} folderHint="The folder that contains a file named “config”." />
        {error !== null && <ErrorAlert title="This backup cannot be opened" error={error} onDismiss={() => setError(null)} />}
        <div className="row">
          <button type="submit" className="button button--primary" disabled={busy || location === null}>
            {busy ? 'Opening…' : 'Open backup'}
          </button>
          <button type="button" className="button button--ghost" onClick={onBack} disabled={busy}>
            Back
          </button>
        </div>
      </form>
    </section>
  );
}
