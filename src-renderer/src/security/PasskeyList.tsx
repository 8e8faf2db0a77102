// The passkeys that protect the backups, each with rename, remove and "Test passkey".
import { useId, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { PasskeySummary } from '../../../src-shared/passkey-contract.ts';
import { toApiError, unwrap, type ApiError } from '../api/api-error.ts';
import { useApi } from '../api/api-context.tsx';
import { ErrorAlert } from '../common/ErrorAlert.tsx';
import { formatInstant } from '../common/format.ts';
import { passkeyAssertion } from '../passkeys/ceremonies.ts';

type Passkey = z.infer<typeof PasskeySummary>;

interface PasskeyListProps {
  readonly passkeys: readonly Passkey[];
  readonly busy: boolean;
  /** After a change, with what to tell the person (the list holds it: a re-wrapped slot gets a new id, so a new row). */
  readonly onChanged: (notice: string) => void;
}

export function PasskeyList({ passkeys, busy, onChanged }: PasskeyListProps) {
  return (
    <ul className="passkey-list" aria-label="Passkeys">
      {passkeys.map((passkey) => (
        <PasskeyRow key={passkey.slotId} passkey={passkey} busy={busy} onChanged={onChanged} />
      ))}
    </ul>
  );
}

type RowMode = 'view' | 'rename' | 'confirm-remove';

function PasskeyRow({
  passkey,
  busy,
  onChanged,
}: {
  readonly passkey: Passkey;
  readonly busy: boolean;
  readonly onChanged: (notice: string) => void;
}) {
  const api = useApi();
  const [mode, setMode] = useState<RowMode>('view');
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const run = async (action: () => Promise<string>) => {
    setWorking(true);
    setError(null);
    try {
      const notice = await action();
      setMode('view');
      onChanged(notice);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setWorking(false);
    }
  };

  const test = () =>
    run(async () => {
      // Any of the backup's passkeys may answer; say which one did.
      const tested = unwrap(await api.testPasskey(await passkeyAssertion(api)));
      return `“${tested.label}” unlocks your backups.`;
    });
  const rename = (label: string) =>
    run(async () => {
      const renamed = unwrap(await api.renamePasskey({ ...(await passkeyAssertion(api)), slotId: passkey.slotId, label }));
      return `Renamed to “${renamed.label}”.`;
    });
  const remove = () =>
    run(async () => {
      unwrap(await api.removePasskey({ slotId: passkey.slotId }));
      return `Removed “${passkey.label}”.`;
    });

  const disabled = busy || working;
  return (
    <li className="passkey-list__item passkey-list__item--full" aria-label={passkey.label}>
      <div className="passkey-list__main">
        <span className="passkey-list__label">{passkey.label}</span>
        <span className={`badge${passkey.synced ? ' badge--good' : ''}`}>{passkey.synced ? 'Synced' : 'This device only'}</span>
        <span className="passkey-list__dates">
          Created {formatInstant(passkey.created)} · Last verified{' '}
          {passkey.lastVerified === null ? 'never on this computer' : formatInstant(passkey.lastVerified)}
        </span>
      </div>
      {mode === 'rename' ? (
        <RenameForm current={passkey.label} disabled={disabled} onSubmit={(label) => void rename(label)} onCancel={() => setMode('view')} />
      ) : mode === 'confirm-remove' ? (
        <div className="row" role="group" aria-label={`Remove ${passkey.label}?`}>
          <span>Remove this passkey? It will no longer unlock your backups.</span>
          <button type="button" className="button button--small button--primary" disabled={disabled} onClick={() => void remove()}>
            Remove
          </button>
          <button type="button" className="button button--small button--ghost" disabled={disabled} onClick={() => setMode('view')}>
            Keep
          </button>
        </div>
      ) : (
        <div className="row">
          <button type="button" className="button button--small button--secondary" disabled={disabled} onClick={() => void test()}>
            Test passkey
          </button>
          <button type="button" className="button button--small button--ghost" disabled={disabled} onClick={() => setMode('rename')}>
            Rename
          </button>
          <button
            type="button"
            className="button button--small button--ghost"
            disabled={disabled}
            onClick={() => setMode('confirm-remove')}
          >
            Remove
          </button>
        </div>
      )}
      {error !== null && <ErrorAlert error={error} onDismiss={() => setError(null)} />}
    </li>
  );
}

function RenameForm({
  current,
  disabled,
  onSubmit,
  onCancel,
}: {
  readonly current: string;
  readonly disabled: boolean;
  readonly onSubmit: (label: string) => void;
  readonly onCancel: () => void;
}) {
  const id = useId();
  const [label, setLabel] = useState(current);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(label.trim());
  };
  return (
    <form className="row" onSubmit={submit}>
      <label className="visually-hidden" htmlFor={id}>
        New name
      </label>
      <input
        id={id}
        className="field__input"
        value={label}
        maxLength={64}
        disabled={disabled}
        onChange={(event) => setLabel(event.target.value)}
      />
      <button type="submit" className="button button--small button--primary" disabled={disabled || label.trim() === ''}>
        Save name
      </button>
      <button type="button" className="button button--small button--ghost" disabled={disabled} onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
