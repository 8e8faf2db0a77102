// How often backups run by themselves, with or without media, and how many snapshots they keep.
// Saved with "Save schedule"; main owns the schedule, so the form starts from what main reports.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { BackupSchedule } from '../../../src-shared/backup-contract.ts';
import { toApiError, unwrap, type ApiError } from '../api/api-error.ts';
import { useApi } from '../api/api-context.tsx';
import { backupScheduleQuery, settingsQueryKeys } from '../api/queries.ts';
import { ErrorAlert } from '../common/ErrorAlert.tsx';
import { Switch } from '../security/Switch.tsx';

type Schedule = z.infer<typeof BackupSchedule>;

const frequencies: readonly { readonly value: Schedule['frequency']; readonly label: string }[] = [
  { value: 'daily', label: 'Daily' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'monthly', label: 'Monthly' },
  { value: 'off', label: 'Off' },
];

/** The contract's bounds for `keep`. */
function parseKeep(text: string): number | null {
  const value = Number(text.trim());
  return Number.isInteger(value) && value >= 1 && value <= 10_000 ? value : null;
}

export function ScheduleSettings() {
  const api = useApi();
  const status = useQuery(backupScheduleQuery(api));
  return (
    <section className="subsection" aria-labelledby="schedule-title">
      <h3 id="schedule-title" className="subsection__title">
        Schedule
      </h3>
      {status.isError && <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />}
      {status.data !== undefined && <ScheduleForm saved={status.data.schedule} />}
    </section>
  );
}

function ScheduleForm({ saved }: { readonly saved: Schedule }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const id = useId();
  const [frequency, setFrequency] = useState(saved.frequency);
  const [includeMedia, setIncludeMedia] = useState(saved.includeMedia);
  const [keepAll, setKeepAll] = useState(saved.keep === null);
  const [keepText, setKeepText] = useState(String(saved.keep ?? 30));
  const [state, setState] = useState<{ readonly step: 'idle' | 'saving' | 'saved' } | { readonly step: 'failed'; error: ApiError }>({
    step: 'idle',
  });
  const keep = keepAll ? null : parseKeep(keepText);
  const keepInvalid = !keepAll && keep === null;

  const edited =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setState({ step: 'idle' });
    };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (keepInvalid) return;
    setState({ step: 'saving' });
    try {
      const status = unwrap(await api.setBackupSchedule({ frequency, includeMedia, keep }));
      queryClient.setQueryData(settingsQueryKeys.backupSchedule, status);
      setState({ step: 'saved' });
    } catch (caught) {
      setState({ step: 'failed', error: toApiError(caught) });
    }
  };

  return (
    <form className="stack" onSubmit={(event) => void submit(event)}>
      <fieldset className="choice">
        <legend className="field__label">Back up automatically</legend>
        {frequencies.map((option) => (
          <label key={option.value} className="check">
            <input
              type="radio"
              name={`${id}-frequency`}
              checked={frequency === option.value}
              onChange={() => edited(setFrequency)(option.value)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </fieldset>
      <div className="setting">
        <div className="setting__text">
          <p id={`${id}-media`} className="setting__title">
            Include media
          </p>
          <p className="setting__detail">Photos, videos and files, besides the messages. Back up now always includes them.</p>
        </div>
        <Switch
          labelledBy={`${id}-media`}
          checked={includeMedia}
          disabled={false}
          onToggle={() => edited(setIncludeMedia)(!includeMedia)}
        />
      </div>
      <fieldset className="choice">
        <legend className="field__label">Snapshots to keep</legend>
        <label className="check">
          <input type="radio" name={`${id}-keep`} checked={keepAll} onChange={() => edited(setKeepAll)(true)} />
          <span>Keep all</span>
        </label>
        <label className="check">
          <input type="radio" name={`${id}-keep`} checked={!keepAll} onChange={() => edited(setKeepAll)(false)} />
          <span>Keep the newest</span>
        </label>
        <input
          className="field__input field__input--number"
          type="number"
          min={1}
          max={10_000}
          step={1}
          inputMode="numeric"
          aria-label="Number of snapshots to keep"
          aria-invalid={keepInvalid}
          aria-describedby={`${id}-keep-hint`}
          value={keepText}
          disabled={keepAll}
          onChange={(event) => edited(setKeepText)(event.target.value)}
        />
      </fieldset>
      <p id={`${id}-keep-hint`} className={`field__hint${keepInvalid ? ' field__hint--error' : ''}`}>
        {keepInvalid
          ? 'Enter a whole number from 1 to 10,000.'
          : 'After each scheduled backup, older snapshots beyond this number are removed from the destination.'}
      </p>
      {state.step === 'failed' && (
        <ErrorAlert title="The schedule was not saved" error={state.error} onDismiss={() => setState({ step: 'idle' })} />
      )}
      <div className="row">
        <button type="submit" className="button button--secondary" disabled={state.step === 'saving' || keepInvalid}>
          {state.step === 'saving' ? 'Saving…' : 'Save schedule'}
        </button>
        <p role="status" className="success">
          {state.step === 'saved' ? 'Schedule saved.' : ''}
        </p>
      </div>
    </form>
  );
}
