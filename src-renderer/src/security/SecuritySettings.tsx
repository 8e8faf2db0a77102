// Settings → Account → Security: "Use passkey for backups", the passkeys, and the warnings that matter
// on a new computer. Turning it on with no backup yet sets one up first (recovery key shown once).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { toApiError, unwrap, type ApiError } from '../api/api-error.ts';
import { useApi } from '../api/api-context.tsx';
import { securityQuery, settingsQueryKeys } from '../api/queries.ts';
import { SetUpBackup } from '../backup/SetUpBackup.tsx';
import { ErrorAlert } from '../common/ErrorAlert.tsx';
import { enrollPasskey } from '../passkeys/ceremonies.ts';
import { PasskeyList } from './PasskeyList.tsx';
import { Switch } from './Switch.tsx';

type Flow = 'idle' | 'set-up-backup' | 'enrolling' | 'confirm-off' | 'removing';

export function SecuritySettings() {
  const api = useApi();
  const queryClient = useQueryClient();
  const security = useQuery(securityQuery(api));
  const [flow, setFlow] = useState<Flow>('idle');
  const [error, setError] = useState<{ readonly title: string; readonly error: ApiError } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const passkeys = security.data?.passkeys ?? [];
  const on = passkeys.length > 0;

  const refresh = () => queryClient.invalidateQueries({ queryKey: settingsQueryKeys.security });

  const enroll = async () => {
    setFlow('enrolling');
    setError(null);
    setNotice(null);
    try {
      const added = await enrollPasskey(api, `Passkey ${passkeys.length + 1}`);
      setNotice(`“${added.label}” now protects your backups.`);
    } catch (caught) {
      setError({ title: 'The passkey was not added', error: toApiError(caught) });
    } finally {
      setFlow('idle');
      await refresh();
    }
  };

  const turnOff = async () => {
    setFlow('removing');
    setError(null);
    try {
      for (const passkey of passkeys)
        queryClient.setQueryData(settingsQueryKeys.security, unwrap(await api.removePasskey({ slotId: passkey.slotId })));
      setNotice('Passkeys no longer unlock your backups. Keep your recovery key safe.');
    } catch (caught) {
      setError({ title: 'The passkeys were not all removed', error: toApiError(caught) });
    } finally {
      setFlow('idle');
      await refresh();
    }
  };

  const toggle = () => {
    setNotice(null);
    if (on) setFlow('confirm-off');
    else if (security.data?.backupConfigured === true) void enroll();
    else setFlow('set-up-backup');
  };

  return (
    <section className="card" aria-labelledby="security-title">
      <h2 id="security-title" className="card__title">
        Security
      </h2>
      {security.isError && <ErrorAlert error={security.error} onRetry={() => void security.refetch()} />}
      <div className="setting">
        <div className="setting__text">
          <p className="setting__title" id="passkey-switch-label">
            Use passkey for backups
          </p>
          <p className="setting__detail">
            Unlock your backups with Touch ID, Windows Hello, your phone or a security key instead of typing the recovery key.
          </p>
        </div>
        <Switch
          labelledBy="passkey-switch-label"
          checked={on}
          disabled={security.data === undefined || flow !== 'idle'}
          onToggle={toggle}
        />
      </div>
      {flow === 'set-up-backup' && (
        <div className="stack">
          <p>First choose where your backups go. Companion creates the backup key and shows its recovery key once.</p>
          <SetUpBackup submitLabel="Continue" onDone={() => void enroll()} onCancel={() => setFlow('idle')} />
        </div>
      )}
      {flow === 'enrolling' && (
        <p role="status" aria-live="polite">
          Confirm with your passkey…
        </p>
      )}
      {flow === 'confirm-off' && (
        <div className="notice" role="group" aria-label="Stop using passkeys">
          <p>Remove every passkey from your backups? They will open only with the recovery key.</p>
          <div className="row">
            <button type="button" className="button button--primary" onClick={() => void turnOff()}>
              Remove passkeys
            </button>
            <button type="button" className="button button--ghost" onClick={() => setFlow('idle')}>
              Keep passkeys
            </button>
          </div>
        </div>
      )}
      {notice !== null && (
        <p className="success" role="status">
          {notice}
        </p>
      )}
      {error !== null && <ErrorAlert title={error.title} error={error.error} onDismiss={() => setError(null)} />}
      {security.data !== undefined && on && (
        <>
          {security.data.allDeviceBound && (
            <p className="warning" role="note">
              Your passkeys are stored on this device only, so they will not be on a new computer. Add a synced passkey (iCloud Keychain,
              Google Password Manager, a password manager) or keep your recovery key safe.
            </p>
          )}
          <PasskeyList
            passkeys={passkeys}
            busy={flow !== 'idle'}
            onChanged={(message) => {
              setError(null);
              setNotice(message);
              void refresh();
            }}
          />
          <div className="row">
            <button type="button" className="button button--secondary" disabled={flow !== 'idle'} onClick={() => void enroll()}>
              Add another passkey
            </button>
          </div>
        </>
      )}
    </section>
  );
}
