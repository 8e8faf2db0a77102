// Unlocking a backup to restore: which passkeys protect it, "Unlock with passkey", or the recovery key.
import { useState } from 'react';
import type { z } from 'zod';
import type { InspectReport, UnlockedBackup } from '../../../src-shared/backup-contract.ts';
import type { BackupLocation } from '../../../src-shared/common-schemas.ts';
import { toApiError, unwrap, type ApiError } from '../api/api-error.ts';
import { useApi } from '../api/api-context.tsx';
import { ErrorAlert } from '../common/ErrorAlert.tsx';
import { formatInstant } from '../common/format.ts';
import { passkeyAssertion } from '../passkeys/ceremonies.ts';
import { uiError } from '../passkeys/passkey-errors.ts';
import { RecoveryKeyForm } from './RecoveryKeyForm.tsx';

interface UnlockStepProps {
  readonly location: BackupLocation;
  readonly report: z.infer<typeof InspectReport>;
  readonly onUnlocked: (unlocked: z.infer<typeof UnlockedBackup>) => void;
  readonly onBack: () => void;
}

export function UnlockStep({ location, report, onUnlocked, onBack }: UnlockStepProps) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [useKey, setUseKey] = useState(false);
  const passkeys = report.slots.filter((slot) => slot.kind === 'passkey').sort((a, b) => a.created.localeCompare(b.created));
  const allDeviceBound = passkeys.length > 0 && passkeys.every((slot) => slot.passkey?.backedUp !== true);

  const unlockWithPasskey = async () => {
    setBusy(true);
    setError(null);
    try {
      const unlock = await passkeyAssertion(api, location);
      onUnlocked(unwrap(await api.unlockBackup({ location, unlock: { kind: 'passkey', ...unlock } })));
    } catch (caught) {
      const failure = toApiError(caught);
      // A device-bound passkey stays on the old computer: that, not a cancel, is the likely reason.
      setError(failure.code === 'PASSKEY_CEREMONY_CANCELLED' && allDeviceBound ? uiError('PASSKEY_NOT_FOUND') : failure);
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="unlock-title">
      <h2 id="unlock-title" className="card__title">
        Unlock your backup
      </h2>
      <p className="card__lead">
        Backup created {formatInstant(report.created)}. It is encrypted: confirm with a passkey that protects it, or enter its recovery key.
      </p>
      {passkeys.length > 0 ? (
        <ul className="passkey-list" aria-label="Passkeys that protect this backup">
          {passkeys.map((slot) => (
            <li key={slot.slotId} className="passkey-list__item">
              <span className="passkey-list__label">{slot.label}</span>
              <span className={`badge${slot.passkey?.backedUp === true ? ' badge--good' : ''}`}>
                {slot.passkey?.backedUp === true ? 'Synced' : 'This device only'}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p role="note">No passkey protects this backup. Use its recovery key.</p>
      )}
      {allDeviceBound && (
        <p className="warning" role="note">
          Every passkey of this backup is this-device-only, so it is probably not on this computer. Use the security key that holds it, or
          the recovery key.
        </p>
      )}
      {error !== null && <ErrorAlert title="The backup is still locked" error={error} onDismiss={() => setError(null)} />}
      {error?.code === 'PASSKEY_CEREMONY_CANCELLED' && (
        <p role="note">
          The browser does not say whether you cancelled or no passkey for this backup is on this device. If none of the passkeys listed
          above is here or on your phone, use the recovery key instead.
        </p>
      )}
      {useKey ? (
        <RecoveryKeyForm
          disabled={busy}
          onSubmit={async (recoveryKey) => {
            setBusy(true);
            setError(null);
            try {
              onUnlocked(unwrap(await api.unlockBackup({ location, unlock: { kind: 'recovery-key', recoveryKey } })));
              return true;
            } catch (caught) {
              setError(toApiError(caught));
              setBusy(false);
              return false;
            }
          }}
          onCancel={() => setUseKey(false)}
        />
      ) : (
        <div className="row">
          {passkeys.length > 0 && (
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void unlockWithPasskey()}>
              {busy ? 'Waiting for your passkey…' : 'Unlock with passkey'}
            </button>
          )}
          <button type="button" className="button button--secondary" disabled={busy} onClick={() => setUseKey(true)}>
            Use recovery key instead
          </button>
          <button type="button" className="button button--ghost" disabled={busy} onClick={onBack}>
            Back
          </button>
        </div>
      )}
    </section>
  );
}
